package io.iobind.server.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A polling GET in asynchronous mode, answered once, from whichever thread has something for it. The answer
 * is written with a {@link WriteListener}, so neither a parked poll nor a client slow to read its answer holds a
 * thread.
 */
final class PollRequest {

    private final AsyncContext context;
    private final AtomicBoolean answered = new AtomicBoolean();

    PollRequest(AsyncContext context) {
        this.context = context;
    }

    /** Answers 200 with this payload; false if the poll was already answered. */
    boolean answer(String payload) {
        return respond(HttpServletResponse.SC_OK, "text/plain; charset=UTF-8", payload);
    }

    /** Answers an Engine.IO error as JSON; false if the poll was already answered. */
    boolean fail(int status, int code, String message) {
        return respond(status, "application/json", errorJson(code, message));
    }

    /** Forgets the poll without writing: it timed out or failed and its container answers it. */
    boolean abandon() {
        return answered.compareAndSet(false, true);
    }

    /** Engine.IO's error body, {@code {"code":…,"message":…}}, which clients show as the error. */
    static String errorJson(int code, String message) {
        return "{\"code\":" + code + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "'") + "\"}";
    }

    private boolean respond(int status, String contentType, String body) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            HttpServletResponse response = (HttpServletResponse) context.getResponse();
            response.setStatus(status);
            response.setContentType(contentType);
            response.setContentLength(bytes.length);
            ServletOutputStream out = response.getOutputStream();
            out.setWriteListener(new WriteListener() {
                private boolean written;

                @Override
                public void onWritePossible() {
                    try {
                        if (!written) {
                            written = true;
                            out.write(bytes);
                            if (!out.isReady()) {
                                return; // called again once the bytes are out
                            }
                        }
                    } catch (IOException clientGone) {
                        // The write failed (isReady() rethrows an async write's failure): the client closed the
                        // connection under its long-poll, as a closing client does. Thrown on, Jetty would log it
                        // as an application fault ("WARN ServletChannel - handleException ... ClosedChannelException").
                        onError(clientGone);
                        return;
                    }
                    context.complete();
                }

                @Override
                public void onError(Throwable failure) {
                    // The client went away; its session notices through the heartbeat.
                    try {
                        context.complete();
                    } catch (IllegalStateException alreadyEnded) {
                        // the container ended the request already
                    }
                }
            });
        } catch (IOException | IllegalStateException failure) {
            // The request ended meanwhile (client gone, or the container timed it out).
            try {
                context.complete();
            } catch (IllegalStateException alreadyEnded) {
                // nothing left to end
            }
        }
        return true;
    }
}
