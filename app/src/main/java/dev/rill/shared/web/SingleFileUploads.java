package dev.rill.shared.web;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.reactive.function.server.ServerRequest;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a {@code multipart/form-data} upload of one file part named {@value #FILE} and a few named text fields,
 * part by part as it arrives, without temporary files. Reading stops (with the caller's 413) as soon as the file
 * passes its limit; a second file, a text part named {@value #FILE}, or an unknown part is a 400.
 */
public final class SingleFileUploads {

    /** The name of the file part. */
    public static final String FILE = "file";

    /** Room for the multipart framing and the text fields around the file, when checking Content-Length early. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    /** What was uploaded: the file's name and declared type as the client sent them, its bytes, and the fields. */
    public record Upload(boolean hasFile, String filename, MediaType declaredType, byte[] bytes,
                         Map<String, String> fields) {
    }

    private SingleFileUploads() {
    }

    /**
     * Reads the form of {@code request}. {@code tooLarge} makes the problem for a file above {@code maxBytes};
     * {@code fields} are the text parts accepted besides the file. The upload may lack the file: callers say
     * what the file is for when they refuse that.
     */
    public static Mono<Upload> read(ServerRequest request, long maxBytes, Set<String> fields,
                                    Supplier<RillException> tooLarge) {
        if (request.headers().contentLength().orElse(-1) > maxBytes + MULTIPART_OVERHEAD) {
            return Mono.error(tooLarge.get());
        }
        return Mono.defer(() -> {
            Form form = new Form(maxBytes, tooLarge);
            return request.bodyToFlux(PartEvent.class)
                    .windowUntil(PartEvent::isLast)
                    .concatMap(part -> part.switchOnFirst((first, events) -> {
                        if (!first.hasValue()) {
                            return events.then();
                        }
                        PartEvent event = first.get();
                        if (event instanceof FilePartEvent file && FILE.equals(event.name())) {
                            form.startFile(file.filename(), event.headers().getContentType());
                            return consumed(events, form::append);
                        }
                        if (event instanceof FormPartEvent && FILE.equals(event.name())) {
                            return consumed(events, DataBufferUtils::release).then(Mono.error(() ->
                                    RillException.invalid(FILE, "must be a file part, with a filename")));
                        }
                        if (event instanceof FormPartEvent field && fields.contains(event.name())) {
                            form.fields.put(event.name(), field.value());
                            return consumed(events, DataBufferUtils::release);
                        }
                        return consumed(events, DataBufferUtils::release)
                                .then(Mono.error(() -> new RillException(ProblemType.UNKNOWN_FIELD,
                                        "Unknown form part '" + event.name() + "'").with("errors",
                                        List.of(new RillException.FieldError(event.name(), "is not a known field")))));
                    }))
                    .then(Mono.fromCallable(form::toUpload));
        });
    }

    /**
     * Hands every piece's buffer to {@code consumer}, which must release it. The pieces are mapped away before
     * {@code then()}, which would otherwise discard each consumed piece, and Spring's reader releases discarded
     * pieces: a second release of a slice that shares its reference count with Netty's buffer.
     */
    private static Mono<Void> consumed(Flux<PartEvent> events, Consumer<DataBuffer> consumer) {
        return events.map(piece -> {
            consumer.accept(piece.content());
            return Boolean.TRUE;
        }).then();
    }

    /** The parts of one upload, collected as they stream in. */
    private static final class Form {

        private final long max;
        private final Supplier<RillException> tooLarge;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, String> fields = new LinkedHashMap<>();
        private boolean hasFile;
        private String filename;
        private MediaType declaredType;

        Form(long max, Supplier<RillException> tooLarge) {
            this.max = max;
            this.tooLarge = tooLarge;
        }

        void startFile(String filename, MediaType type) {
            if (hasFile) {
                throw RillException.invalid(FILE, "send one file per upload");
            }
            hasFile = true;
            this.filename = filename;
            this.declaredType = type;
        }

        /**
         * Copies a piece of the file and releases it. A piece that is refused is not released here: throwing makes
         * the operator discard it, and Spring's reader releases discarded pieces itself.
         */
        void append(DataBuffer buffer) {
            if (bytes.size() + (long) buffer.readableByteCount() > max) {
                throw tooLarge.get();
            }
            try {
                byte[] piece = new byte[buffer.readableByteCount()];
                buffer.read(piece);
                bytes.write(piece, 0, piece.length);
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        Upload toUpload() {
            return new Upload(hasFile, filename, declaredType, bytes.toByteArray(), Map.copyOf(fields));
        }
    }
}
