package io.manimvideo.ingress.chat;

import io.manimvideo.ingress.IngressServices;

/** Builds the conversation both bots share from the service's collaborators. */
public final class ChatConversations {
    private ChatConversations() {}

    public static ChatConversation create(IngressServices services, ChatReplies replies) {
        return new ChatConversation(
                services.sessions(),
                services.submissions(),
                services.jobs(),
                services.linkCodes(),
                services.deduplicator(),
                new BlockedAddresses(services.redis(), services.sessions().ttl()),
                replies,
                services.reachableAgain(),
                services.config().redisLifetimes().chatReplyDedupe());
    }
}
