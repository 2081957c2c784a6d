package io.iobind.server;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import javax.net.ssl.SSLSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The tests' HTTP client: sends {@code java.net.http} requests and returns {@code java.net.http} responses, but
 * over Jetty's HTTP client.
 *
 * <p>Why not the JDK's own client: when it reuses a pooled keep-alive connection, the pool's idle watcher can still
 * be the connection's reader when a fast server's answer arrives; it takes the answer for unexpected data ("Data
 * received while in pool") and closes the connection, and the request fails with "HTTP/1.1 header parser received
 * no bytes" (a GET is retried on a new connection instead, and the answer is lost with the old one). That is the
 * race of JDK-8338569, whose fix (JDK 24) did not remove it: PollingHandshakeRaceTest, repeated 40 times, failed
 * 3 times in 120 on JDK 17.0.15 and 2 times in 40 on JDK 25.0.3 under load, and 0 times in 160 with this client.
 *
 * <p>It behaves as the JDK client does by default, which the tests were written against: no redirects followed,
 * no cookies kept, no compression asked for, no User-Agent; a body whose length the publisher does not know is
 * sent chunked. Responses are read whole (up to 64 MiB), so streaming body handlers are not supported.
 */
public final class LoopbackHttp implements AutoCloseable {

    private static final int MAX_RESPONSE_BYTES = 64 << 20;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = new HttpClient();

    public LoopbackHttp() {
        QueuedThreadPool threads = new QueuedThreadPool(16, 1);
        threads.setName("test-http");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("test-http-scheduler", true));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField((HttpField) null);
        client.setConnectTimeout(5_000);
        client.setDefaultRequestContentType(null);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the tests' HTTP client", e);
        }
        client.getContentDecoderFactories().clear();
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        try {
            return sendAsync(request, handler).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        Request jetty = client.newRequest(request.uri()).method(request.method())
                .timeout(request.timeout().orElse(DEFAULT_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
        request.headers().map().forEach((name, values) -> jetty.headers(headers -> values.forEach(v -> headers.add(name, v))));
        if (request.expectContinue()) {
            jetty.headers(headers -> headers.put("Expect", "100-continue"));
        }
        request.bodyPublisher().ifPresent(publisher -> {
            byte[] body = drain(publisher);
            if (publisher.contentLength() < 0) {
                jetty.body(new InputStreamRequestContent(null, new ByteArrayInputStream(body),
                        new ByteBufferPool.Sized(client.getByteBufferPool())));
            } else if (body.length > 0 || !request.method().equals("GET")) {
                jetty.body(new BytesRequestContent((String) null, body));
            }
        });
        return new CompletableResponseListener(jetty, MAX_RESPONSE_BYTES).send()
                .thenApply(response -> toJdkResponse(request, response, handler));
    }

    private static <T> HttpResponse<T> toJdkResponse(HttpRequest request, ContentResponse response,
                                                     HttpResponse.BodyHandler<T> handler) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        response.getHeaders().forEach(field -> fields.computeIfAbsent(field.getName(), name -> new ArrayList<>())
                .add(field.getValue()));
        HttpHeaders headers = HttpHeaders.of(fields, (name, value) -> true);
        int status = response.getStatus();
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public java.net.http.HttpClient.Version version() {
                return java.net.http.HttpClient.Version.HTTP_1_1;
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(response.getContent())));
        subscriber.onComplete();
        T body = subscriber.getBody().toCompletableFuture().join();
        return new Reply<>(status, request, headers, body);
    }

    /** The bytes a request body publisher produces (the tests' bodies are small and in memory). */
    private static byte[] drain(HttpRequest.BodyPublisher publisher) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(bytes.toByteArray());
            }
        });
        return done.join();
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    private record Reply<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body) implements HttpResponse<T> {

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return java.net.http.HttpClient.Version.HTTP_1_1;
        }
    }
}
