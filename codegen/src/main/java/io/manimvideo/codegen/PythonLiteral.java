package io.manimvideo.codegen;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes text as Python string literals that are pure ASCII: quotes, backslashes, control characters and
 * everything beyond ASCII are escaped, so no text can end the literal or change the code around it.
 */
public final class PythonLiteral {
    private PythonLiteral() {}

    public static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                out.append('\\').append((char) cp);
            } else if (cp >= 0x20 && cp < 0x7f) {
                out.append((char) cp);
            } else if (cp >= 0xd800 && cp <= 0xdfff) {
                out.append("\\ufffd"); // a lone surrogate is not text; Python would refuse to encode it
            } else if (cp <= 0xff) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        });
        return out.append('"').toString();
    }

    public static String list(List<String> texts) {
        return texts.stream().map(PythonLiteral::string).collect(Collectors.joining(", ", "[", "]"));
    }
}
