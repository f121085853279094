package io.manimvideo.ingress.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes bodies a careless or hostile sender might post, from one valid example: objects removed, values of
 * the wrong type, huge and odd strings, numbers out of range, truncated or non-JSON text. Seeded, so a
 * failing body can be made again.
 */
public final class JsonFuzzer {
    private static final List<String> ODD_STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "retry:\u0000",
            "retry:../../etc",
            "retry:",
            "retry:A_B",
            "../../etc/passwd",
            "%00",
            "\uD83D\uDE00\u202E\u200B",
            "\u202Egnp.exe",
            "<script>alert(1)</script>",
            "'; DROP TABLE x; --",
            "/code",
            "/code ",
            "/start@OtherBot",
            "/link",
            "/link 12345678",
            "/language xx-",
            "/language " + "a".repeat(300),
            "/cancel",
            "/status",
            "/history",
            "\\u0000",
            "null",
            "true",
            "1e309",
            "-1",
            "9".repeat(40),
            "from manim import *",
            "class A(Scene):\n def construct(self): pass",
            "\n\n\n",
            "\t",
            "x".repeat(5_000),
            "é".repeat(3_000),
            "\uFFFF\uFFFE",
            "\uDC00",
            "${jndi:ldap://x}",
            "{{7*7}}");
    private static final List<Object> ODD_NUMBERS =
            List.of(0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, Integer.MAX_VALUE, 1e300);

    private final Random random;

    public JsonFuzzer(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} bodies made from {@code example}. */
    public List<String> bodies(JsonObject example, int count) {
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(body(example));
        }
        return bodies;
    }

    private String body(JsonObject example) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return notJson(example.encode());
        }
        if (kind == 1) {
            return randomValue(3).toString();
        }
        JsonObject copy = example.copy();
        int mutations = 1 + random.nextInt(2);
        for (int i = 0; i < mutations; i++) {
            mutate(copy, 0);
        }
        return copy.encode();
    }

    private String notJson(String valid) {
        return switch (random.nextInt(5)) {
            case 0 -> valid.substring(0, random.nextInt(Math.max(1, valid.length())));
            case 1 -> "";
            case 2 -> "[]";
            case 3 -> "\"just a string\"";
            default -> valid.replace('"', '\'');
        };
    }

    /** Walks down a random path and changes what it finds there. */
    private void mutate(Object node, int depth) {
        if (node instanceof JsonObject object && !object.isEmpty()) {
            List<String> keys = new ArrayList<>(object.fieldNames());
            String key = keys.get(random.nextInt(keys.size()));
            Object child = object.getValue(key);
            boolean container = child instanceof JsonObject || child instanceof JsonArray;
            if (container && random.nextInt(3) > 0) {
                mutate(child, depth + 1);
                return;
            }
            switch (random.nextInt(4)) {
                case 0 -> object.remove(key);
                case 1 -> object.putNull(key);
                default -> object.put(key, replacement(child));
            }
            return;
        }
        if (node instanceof JsonArray array && !array.isEmpty()) {
            int index = random.nextInt(array.size());
            Object child = array.getValue(index);
            if ((child instanceof JsonObject || child instanceof JsonArray) && random.nextBoolean()) {
                mutate(child, depth + 1);
            } else if (random.nextBoolean()) {
                array.remove(index);
            } else {
                array.set(index, replacement(child));
            }
        }
    }

    /** A value of another type than the original, or an odd one of the same type. */
    private Object replacement(Object original) {
        // half the time a value of the same type (it gets past type checks and reaches the handlers)
        if (random.nextBoolean()) {
            if (original instanceof String) {
                return ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
            }
            if (original instanceof Number) {
                return ODD_NUMBERS.get(random.nextInt(ODD_NUMBERS.size()));
            }
        }
        return switch (random.nextInt(6)) {
            case 0 -> ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
            case 1 -> ODD_NUMBERS.get(random.nextInt(ODD_NUMBERS.size()));
            case 2 -> random.nextBoolean();
            case 3 -> new JsonArray().add(original == null ? "x" : original);
            case 4 -> new JsonObject().put("unexpected", original == null ? "x" : original);
            default -> randomValue(2);
        };
    }

    private Object randomValue(int depth) {
        int kind = depth <= 0 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
            case 1 -> ODD_NUMBERS.get(random.nextInt(ODD_NUMBERS.size()));
            case 2 -> random.nextBoolean();
            case 3 -> "k" + random.nextInt(1000);
            case 4 -> {
                JsonArray array = new JsonArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(depth - 1));
                }
                yield array;
            }
            default -> {
                JsonObject object = new JsonObject();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.put("f" + random.nextInt(10), randomValue(depth - 1));
                }
                yield object;
            }
        };
    }
}
