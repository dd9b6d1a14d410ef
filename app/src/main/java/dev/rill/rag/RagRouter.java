package dev.rill.rag;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.rill.shared.web.ApiDocs.bearer;
import static dev.rill.shared.web.ApiDocs.empty;
import static dev.rill.shared.web.ApiDocs.ok;
import static dev.rill.shared.web.ApiDocs.problem;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

@Configuration(proxyBeanMethods = false)
class RagRouter {

    private static final String DOCUMENTS = "documents";
    private static final String KNOWLEDGE = "knowledge-requests";
    private static final String CURSOR_RULES = " Absent or empty for the first page; otherwise a next cursor from"
            + " the previous page, or an ISO-8601 time meaning \"created before this time\" (UTC if no offset).";

    @Bean
    RouterFunction<ServerResponse> ragRoutes(RagHandler handler, RagProperties properties) {
        return route()
                .POST("/api/documents", handler::uploadDocument, ops -> ops.operationId("uploadDocument")
                        .tag(DOCUMENTS).security(bearer()).summary("Add a document to the knowledge base")
                        .description("Send a file as multipart/form-data (part file, optional parts title and"
                                + " scope), or text as application/json. Text, Markdown and PDF are accepted, at most "
                                + properties.maxDocumentSize().toMegabytes() + " MB, recognised by their bytes: a PDF"
                                + " starts with %PDF-, text is UTF-8 without NUL characters. The document is split"
                                + " into chunks of about " + properties.chunkTokens() + " tokens and embedded; the"
                                + " answer comes once it is searchable. scope global (everyone's searches) is for"
                                + " admins.")
                        .requestBody(requestBodyBuilder().required(true)
                                .content(contentBuilder().mediaType("multipart/form-data")
                                        .schema(schemaBuilder().implementation(RagRequests.UploadForm.class)))
                                .content(contentBuilder().mediaType("application/json")
                                        .schema(schemaBuilder().implementation(RagRequests.CreateDocument.class))))
                        .response(ok("201", RagResponses.DocumentView.class)
                                .header(headerBuilder().name("Location").description("URL of the new document")))
                        .response(problem("400", "Missing or empty file, invalid title or scope, unknown field"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("403", "scope global without the admin role"))
                        .response(problem("413", "File larger than the limit, or text that splits into more than "
                                + properties.maxChunksPerDocument() + " chunks"))
                        .response(problem("415", "Not text, Markdown or PDF, or bytes that do not match the"
                                + " declared type"))
                        .response(problem("422", "A PDF without readable text (damaged, encrypted or scanned)")))
                .GET("/api/documents", handler::listDocuments, ops -> ops.operationId("listDocuments")
                        .tag(DOCUMENTS).security(bearer())
                        .summary("List the documents the user searches: their own and the global ones, newest first")
                        .parameter(parameterBuilder().name("scope").in(ParameterIn.QUERY)
                                .description("Only user (own) or only global documents; both when left out")
                                .schema(schemaBuilder().type("string").allowableValues(new String[] {"user",
                                        "global"})))
                        .parameter(parameterBuilder().name("cursor").in(ParameterIn.QUERY)
                                .description("Where the page starts." + CURSOR_RULES))
                        .parameter(parameterBuilder().name("limit").in(ParameterIn.QUERY)
                                .description("Documents per page, 1 to " + properties.maxPageSize())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(properties.maxPageSize()))
                                        .defaultValue(String.valueOf(properties.defaultPageSize()))))
                        .response(ok("200", RagResponses.DocumentList.class)
                                .header(headerBuilder().name("Link")
                                        .description("<…>; rel=\"next\" when there is a next page")))
                        .response(problem("400", "Malformed cursor, limit out of range, or unknown scope"))
                        .response(problem("401", "Not signed in")))
                .GET("/api/documents/search", handler::searchDocuments, ops -> ops.operationId("searchDocuments")
                        .tag(DOCUMENTS).security(bearer())
                        .summary("Search the user's own and the global documents by meaning")
                        .description("Returns the chunks most similar to q (cosine similarity of embeddings),"
                                + " best first, whatever their score.")
                        .parameter(parameterBuilder().name("q").in(ParameterIn.QUERY).required(true)
                                .description("What to look for, at most " + properties.maxQueryLength()
                                        + " characters"))
                        .parameter(parameterBuilder().name("limit").in(ParameterIn.QUERY)
                                .description("Chunks to return, 1 to " + properties.maxSearchLimit())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(properties.maxSearchLimit()))
                                        .defaultValue(String.valueOf(properties.searchLimit()))))
                        .response(ok("200", RagResponses.SearchResults.class))
                        .response(problem("400", "Blank or too long q, or limit out of range"))
                        .response(problem("401", "Not signed in")))
                .GET("/api/documents/{documentId}", handler::getDocument, ops -> ops.operationId("getDocument")
                        .tag(DOCUMENTS).security(bearer()).summary("A document with its text")
                        .parameter(parameterBuilder().name("documentId").in(ParameterIn.PATH).required(true)
                                .description("doc-…"))
                        .response(ok("200", RagResponses.DocumentWithContent.class))
                        .response(problem("400", "Malformed document ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such document among the user's own and the global ones")))
                .DELETE("/api/documents/{documentId}", handler::deleteDocument, ops -> ops
                        .operationId("deleteDocument").tag(DOCUMENTS).security(bearer())
                        .summary("Delete a document and its chunks")
                        .description("Users delete their own documents; admins also delete global ones.")
                        .parameter(parameterBuilder().name("documentId").in(ParameterIn.PATH).required(true)
                                .description("doc-…"))
                        .response(empty("204"))
                        .response(problem("400", "Malformed document ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("403", "A global document, without the admin role"))
                        .response(problem("404", "No such document among the user's own and the global ones")))
                .POST("/api/knowledge-requests", handler::submitKnowledge, ops -> ops
                        .operationId("submitKnowledgeRequest").tag(KNOWLEDGE).security(bearer())
                        .summary("Propose knowledge for the global knowledge base")
                        .requestBody(requestBodyBuilder().implementation(RagRequests.SubmitKnowledge.class))
                        .response(ok("201", RagResponses.KnowledgeRequestView.class)
                                .header(headerBuilder().name("Location").description("URL of the new request")))
                        .response(problem("400", "Blank or too long content or reason (at most "
                                + properties.maxRequestLength() + " and " + properties.maxReasonLength()
                                + " characters), invalid title, or an unknown field"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("415", "Body is not JSON")))
                .GET("/api/knowledge-requests", handler::listOwnKnowledge, ops -> ops
                        .operationId("listKnowledgeRequests").tag(KNOWLEDGE).security(bearer())
                        .summary("List the user's own knowledge requests, newest first")
                        .parameter(parameterBuilder().name("status").in(ParameterIn.QUERY)
                                .description("Only requests with this status; all when left out")
                                .schema(schemaBuilder().type("string").allowableValues(new String[] {"pending",
                                        "applied", "rejected"})))
                        .parameter(parameterBuilder().name("cursor").in(ParameterIn.QUERY)
                                .description("Where the page starts." + CURSOR_RULES))
                        .parameter(parameterBuilder().name("limit").in(ParameterIn.QUERY)
                                .description("Requests per page, 1 to " + properties.maxPageSize())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(properties.maxPageSize()))
                                        .defaultValue(String.valueOf(properties.defaultPageSize()))))
                        .response(ok("200", RagResponses.KnowledgeRequestList.class)
                                .header(headerBuilder().name("Link")
                                        .description("<…>; rel=\"next\" when there is a next page")))
                        .response(problem("400", "Malformed cursor, limit out of range, or unknown status"))
                        .response(problem("401", "Not signed in")))
                .GET("/api/knowledge-requests/{requestId}", handler::getKnowledge, ops -> ops
                        .operationId("getKnowledgeRequest").tag(KNOWLEDGE).security(bearer())
                        .summary("A knowledge request: the user's own, or any for an admin")
                        .parameter(parameterBuilder().name("requestId").in(ParameterIn.PATH).required(true)
                                .description("kreq-…"))
                        .response(ok("200", RagResponses.KnowledgeRequestView.class))
                        .response(problem("400", "Malformed request ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such request among the user's")))
                .PATCH("/api/knowledge-requests/{requestId}", handler::editKnowledge, ops -> ops
                        .operationId("editKnowledgeRequest").tag(KNOWLEDGE).security(bearer())
                        .summary("Edit a pending knowledge request of the user's")
                        .description("Fields left out stay as they are. Only pending requests can be edited.")
                        .parameter(parameterBuilder().name("requestId").in(ParameterIn.PATH).required(true)
                                .description("kreq-…"))
                        .requestBody(requestBodyBuilder().implementation(RagRequests.EditKnowledge.class))
                        .response(ok("200", RagResponses.KnowledgeRequestView.class))
                        .response(problem("400", "Malformed request ID, blank or too long fields, unknown field"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such request among the user's"))
                        .response(problem("409", "The request was already applied or rejected"))
                        .response(problem("415", "Body is not JSON")))
                .DELETE("/api/knowledge-requests/{requestId}", handler::deleteKnowledge, ops -> ops
                        .operationId("deleteKnowledgeRequest").tag(KNOWLEDGE).security(bearer())
                        .summary("Delete a knowledge request of the user's")
                        .description("An applied request's global document stays.")
                        .parameter(parameterBuilder().name("requestId").in(ParameterIn.PATH).required(true)
                                .description("kreq-…"))
                        .response(empty("204"))
                        .response(problem("400", "Malformed request ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such request among the user's")))
                .GET("/api/admin/knowledge-requests", handler::listAllKnowledge, ops -> ops
                        .operationId("reviewKnowledgeRequests").tag(KNOWLEDGE).security(bearer())
                        .summary("Admins: every user's knowledge requests, newest first")
                        .parameter(parameterBuilder().name("status").in(ParameterIn.QUERY)
                                .description("Only requests with this status; pending when left out")
                                .schema(schemaBuilder().type("string").allowableValues(new String[] {"pending",
                                        "applied", "rejected"}).defaultValue("pending")))
                        .parameter(parameterBuilder().name("cursor").in(ParameterIn.QUERY)
                                .description("Where the page starts." + CURSOR_RULES))
                        .parameter(parameterBuilder().name("limit").in(ParameterIn.QUERY)
                                .description("Requests per page, 1 to " + properties.maxPageSize())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(properties.maxPageSize()))
                                        .defaultValue(String.valueOf(properties.defaultPageSize()))))
                        .response(ok("200", RagResponses.KnowledgeRequestList.class)
                                .header(headerBuilder().name("Link")
                                        .description("<…>; rel=\"next\" when there is a next page")))
                        .response(problem("400", "Malformed cursor, limit out of range, or unknown status"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("403", "Not an admin")))
                .POST("/api/admin/knowledge-requests/{requestId}/apply", handler::applyKnowledge, ops -> ops
                        .operationId("applyKnowledgeRequest").tag(KNOWLEDGE).security(bearer())
                        .summary("Admins: apply a pending request; its text becomes a global document")
                        .parameter(parameterBuilder().name("requestId").in(ParameterIn.PATH).required(true)
                                .description("kreq-…"))
                        .response(ok("200", RagResponses.KnowledgeRequestView.class))
                        .response(problem("400", "Malformed request ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("403", "Not an admin"))
                        .response(problem("404", "No such request"))
                        .response(problem("409", "The request was already applied or rejected")))
                .POST("/api/admin/knowledge-requests/{requestId}/reject", handler::rejectKnowledge, ops -> ops
                        .operationId("rejectKnowledgeRequest").tag(KNOWLEDGE).security(bearer())
                        .summary("Admins: reject a pending request")
                        .parameter(parameterBuilder().name("requestId").in(ParameterIn.PATH).required(true)
                                .description("kreq-…"))
                        .response(ok("200", RagResponses.KnowledgeRequestView.class))
                        .response(problem("400", "Malformed request ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("403", "Not an admin"))
                        .response(problem("404", "No such request"))
                        .response(problem("409", "The request was already applied or rejected")))
                .build();
    }
}
