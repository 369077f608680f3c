package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what jasyncio logs (System.Logger goes to java.util.logging) while open. */
final class LogCapture extends Handler implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger("io.jasyncio");
    private final List<LogRecord> records = new ArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        LOGGER.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** The messages logged so far (with the thrown exception's text, if any). */
    synchronized List<String> messages() {
        List<String> out = new ArrayList<>();
        for (LogRecord r : records) {
            out.add(r.getMessage() + (r.getThrown() != null ? " | " + r.getThrown() : ""));
        }
        return out;
    }

    /** Whether any message contains {@code text}. */
    boolean contains(String text) {
        return messages().stream().anyMatch(m -> m.contains(text));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        LOGGER.removeHandler(this);
    }
}
