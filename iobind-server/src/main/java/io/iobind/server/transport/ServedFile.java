package io.iobind.server.transport;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** A file the server answers from memory (the client bundle, webjars): its bytes and their entity tag. */
record ServedFile(byte[] bytes, String etag) {

    /** A file whose tag is derived from its bytes alone ({@link ETags#of(byte[])}). */
    static ServedFile of(byte[] bytes) {
        return new ServedFile(bytes, ETags.of(bytes));
    }

    /**
     * Answers a GET ({@code withBody}) or HEAD with this file: its tag and {@code cacheControl} always, then
     * {@code 304 Not Modified} when {@code If-None-Match} names the tag, else the bytes as {@code contentType}.
     */
    void send(HttpServletRequest request, HttpServletResponse response, String contentType, String cacheControl,
              boolean withBody) throws IOException {
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", cacheControl);
        if (ETags.matches(request.getHeader("If-None-Match"), etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(contentType);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        if (withBody) {
            response.getOutputStream().write(bytes);
        }
    }
}
