package io.jasyncio.http.internal.client;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * JSON through Jackson 3, an optional dependency: this class names Jackson only through {@link Jackson}, which is
 * loaded on first use, so the client runs without Jackson and fails clearly only when JSON is asked for.
 */
public final class Json {
    /** What to add; part of the message when Jackson is missing. */
    static final String MISSING = "JSON needs Jackson 3 on the class path (and module path): add the Maven dependency"
            + " tools.jackson.core:jackson-databind:3.3.0 (Gradle: implementation(\"tools.jackson.core:"
            + "jackson-databind:3.3.0\")); or read the body with text()/read() and parse it yourself";

    private static final boolean PRESENT = detect();

    private Json() {}

    private static boolean detect() {
        try {
            Class.forName("tools.jackson.databind.json.JsonMapper", false, Json.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Returns whether Jackson 3 is available.
     *
     * @return {@code true} if so
     */
    public static boolean isAvailable() {
        return PRESENT;
    }

    /**
     * Throws the "add Jackson" message unless Jackson is available.
     *
     * @throws IllegalStateException if Jackson 3 is missing
     */
    public static void requireAvailable() {
        check();
    }

    private static void check() {
        if (!PRESENT) {
            throw new IllegalStateException(MISSING);
        }
    }

    /**
     * Serialises a value.
     *
     * @param value the value
     * @return UTF-8 JSON
     * @throws IllegalStateException if Jackson is missing, or the value cannot be serialised
     */
    public static byte[] write(@Nullable Object value) {
        check();
        return Jackson.write(value);
    }

    /**
     * Deserialises UTF-8 JSON.
     *
     * @param bytes the JSON
     * @param type the type wanted
     * @return the value
     * @throws IOException if the JSON is invalid or does not fit the type
     * @throws IllegalStateException if Jackson is missing
     */
    public static <T> @Nullable T read(byte[] bytes, Class<T> type) throws IOException {
        check();
        return Jackson.read(bytes, type);
    }
}
