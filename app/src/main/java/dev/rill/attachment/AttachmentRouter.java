package dev.rill.attachment;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springdoc.core.fn.builders.operation.Builder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.rill.shared.web.ApiDocs.bearer;
import static dev.rill.shared.web.ApiDocs.empty;
import static dev.rill.shared.web.ApiDocs.ok;
import static dev.rill.shared.web.ApiDocs.problem;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

@Configuration(proxyBeanMethods = false)
class AttachmentRouter {

    private static final String ATTACHMENTS = "attachments";
    private static final String COLLECTION = "/api/chats/{chatId}/attachments";
    private static final String ONE = COLLECTION + "/{attachmentId}";

    @Bean
    RouterFunction<ServerResponse> attachmentRoutes(AttachmentHandler handler, AttachmentProperties properties) {
        return route()
                .POST(COLLECTION, handler::upload, ops -> room(ops.operationId("uploadAttachment")
                        .tag(ATTACHMENTS).security(bearer()).summary("Attach an image (PNG or JPEG) to a room")
                        .description("Send the image as multipart/form-data: part file, optional part analysis"
                                + " (true or false; the query parameter analysis=true works too). At most "
                                + properties.maxBytes().toMegabytes() + " MB. The type is decided from the bytes"
                                + " (PNG or JPEG signature), never from the declared type or the file name. A room"
                                + " holds at most " + properties.maxPerRoom() + " attachments.")
                        .parameter(parameterBuilder().name("analysis").in(ParameterIn.QUERY)
                                .description("true asks for a structured extraction; same as the form part")
                                .schema(schemaBuilder().type("boolean")))
                        .requestBody(requestBodyBuilder().required(true)
                                .content(contentBuilder().mediaType("multipart/form-data")
                                        .schema(schemaBuilder().implementation(AttachmentResponses.UploadForm.class))))
                        .response(ok("201", AttachmentResponses.AttachmentView.class)
                                .header(headerBuilder().name("Location").description("URL of the new attachment")))
                        .response(problem("400", "Malformed chat ID, missing or empty file, analysis not true or"
                                + " false, unknown form part"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms"))
                        .response(problem("409", "The room already holds " + properties.maxPerRoom()
                                + " attachments"))
                        .response(problem("413", "File larger than the limit"))
                        .response(problem("415", "Not multipart/form-data, or a file that is not PNG or JPEG"))))
                .GET(COLLECTION, handler::list, ops -> room(ops.operationId("listAttachments").tag(ATTACHMENTS)
                        .security(bearer()).summary("List a room's attachments, oldest first (metadata only)")
                        .response(ok("200", AttachmentResponses.AttachmentList.class))
                        .response(problem("400", "Malformed chat ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms"))))
                .GET(ONE, handler::get, ops -> one(room(ops.operationId("getAttachment").tag(ATTACHMENTS)
                        .security(bearer()).summary("An attachment's metadata")
                        .response(ok("200", AttachmentResponses.AttachmentView.class)))))
                .GET(ONE + "/content", handler::content, ops -> one(room(ops.operationId("getAttachmentContent")
                        .tag(ATTACHMENTS).security(bearer()).summary("An attachment's image bytes")
                        .description("Served with the image's own Content-Type and X-Content-Type-Options: nosniff.")
                        .response(responseBuilder().responseCode("200").description("The image")
                                .content(contentBuilder().mediaType("image/png")
                                        .schema(schemaBuilder().type("string").format("binary")))
                                .content(contentBuilder().mediaType("image/jpeg")
                                        .schema(schemaBuilder().type("string").format("binary")))))))
                .DELETE(ONE, handler::delete, ops -> one(room(ops.operationId("deleteAttachment").tag(ATTACHMENTS)
                        .security(bearer()).summary("Delete an attachment")
                        .response(empty("204")))))
                .build();
    }

    private static Builder room(Builder ops) {
        return ops.parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                .description("chat-…"));
    }

    private static Builder one(Builder ops) {
        return ops.parameter(parameterBuilder().name("attachmentId").in(ParameterIn.PATH).required(true)
                        .description("att-…"))
                .response(problem("400", "Malformed chat or attachment ID"))
                .response(problem("401", "Not signed in"))
                .response(problem("404", "No such room among the user's rooms, or no such attachment in it"));
    }
}
