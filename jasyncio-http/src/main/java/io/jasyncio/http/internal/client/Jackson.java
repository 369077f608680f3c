package io.jasyncio.http.internal.client;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The only class that names Jackson; loaded only when {@link Json} found Jackson on the class path. */
final class Jackson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Jackson() {}

    static byte[] write(@Nullable Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot serialise to JSON: " + e.getOriginalMessage(), e);
        }
    }

    static <T> @Nullable T read(byte[] bytes, Class<T> type) throws IOException {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (JacksonException e) {
            throw new IOException("invalid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
