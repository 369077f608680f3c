package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Records what a parser reports: each message's head, body bytes, trailers. */
final class Recorder<H extends MessageHead> implements MessageListener<H> {

    /** One message as reported. */
    record Message<H>(H head, String body, @Nullable HttpHeaders trailers) {}

    final List<Message<H>> messages = new ArrayList<>();
    final List<ByteBuffer> chunks = new ArrayList<>();
    /** Runs after each head is recorded (e.g. to decline an upgrade). */
    Runnable onHead = () -> {};
    /** Runs after each message is recorded (e.g. to pause the parser). */
    Runnable onComplete = () -> {};

    private @Nullable H head;
    private @Nullable HttpHeaders trailers;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public void head(H head) {
        this.head = head;
        onHead.run();
    }

    @Override
    public void body(ByteBuffer chunk) {
        chunks.add(chunk);
        byte[] bytes = new byte[chunk.remaining()];
        chunk.duplicate().get(bytes);
        body.writeBytes(bytes);
    }

    @Override
    public void trailers(HttpHeaders trailers) {
        this.trailers = trailers;
    }

    @Override
    public void complete() {
        var done = head;
        if (done == null) {
            throw new AssertionError("complete without a head");
        }
        messages.add(new Message<>(done, body.toString(StandardCharsets.ISO_8859_1), trailers));
        body.reset();
        head = null;
        trailers = null;
        onComplete.run();
    }
}
