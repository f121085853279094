package io.manimvideo.ingress.chat;

/**
 * A reply decided before the person's language is known (an interpreter rejecting input): said later, in that
 * language.
 */
@FunctionalInterface
public interface ChatReply {
    String in(ChatTexts texts);
}
