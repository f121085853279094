package io.manimvideo.codegen;

/**
 * A provider's answer.
 *
 * @param content the assistant's text, never blank
 * @param promptTokens prompt tokens the provider reported, or null
 * @param completionTokens completion tokens the provider reported, or null
 */
public record ChatReply(String content, Integer promptTokens, Integer completionTokens) {}
