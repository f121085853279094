package io.manimvideo.ingress.chat;

import io.manimvideo.api.LanguageTag;
import io.manimvideo.api.Phase;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.ingress.http.ApiProblem;
import io.manimvideo.ingress.jobs.InvalidSubmissionException;
import io.manimvideo.ingress.jobs.JobQueries;
import io.manimvideo.ingress.jobs.RetryRule;
import io.manimvideo.ingress.jobs.Submission;
import io.manimvideo.ingress.jobs.SubmissionService;
import io.manimvideo.ingress.notify.ReachableAgain;
import io.manimvideo.ingress.ratelimit.PlatformConfig;
import io.manimvideo.ingress.ratelimit.RateLimitedException;
import io.manimvideo.ingress.redis.Deduplicator;
import io.manimvideo.ingress.session.LinkCodes;
import io.manimvideo.ingress.session.SessionStore;
import io.manimvideo.ingress.session.UserSession;
import io.manimvideo.ingress.session.VideoMetadata;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What both bots do with a message, once it is read: submissions through {@link SubmissionService}
 * (idempotent by the platform message id), commands, retries. Failures that mean "not taken in" (Redis
 * or the API server unreachable) fail the Future so the webhook answers 5xx and the platform redelivers;
 * everything the person got wrong becomes a reply.
 */
public final class ChatConversation {
    private static final String RATE_LIMIT_REPLY_SCOPE = "ratelimit-reply";
    private static final int HISTORY_LINES = 10;

    private final SessionStore sessions;
    private final SubmissionService submissions;
    private final JobQueries jobs;
    private final LinkCodes linkCodes;
    private final Deduplicator dedupe;
    private final BlockedAddresses blocked;
    private final ChatReplies replies;
    private final ReachableAgain reachableAgain;
    /** How long a message id is remembered, so a redelivery neither acts nor answers twice. */
    private final Duration replyDedupeTtl;

    public ChatConversation(
            SessionStore sessions,
            SubmissionService submissions,
            JobQueries jobs,
            LinkCodes linkCodes,
            Deduplicator dedupe,
            BlockedAddresses blocked,
            ChatReplies replies,
            ReachableAgain reachableAgain,
            Duration replyDedupeTtl) {
        this.sessions = sessions;
        this.submissions = submissions;
        this.jobs = jobs;
        this.linkCodes = linkCodes;
        this.dedupe = dedupe;
        this.blocked = blocked;
        this.replies = replies;
        this.reachableAgain = reachableAgain;
        this.replyDedupeTtl = replyDedupeTtl;
    }

    /**
     * Takes the turn in and returns what to say: at most one reply per platform message id, however often
     * the platform delivers it and whatever the reply (job, help, error, rate limit).
     */
    public Future<ChatAnswer> handle(ChatTurn turn) {
        if (turn.input() instanceof ChatInput.Ignored) {
            return Future.succeededFuture(ChatAnswer.SILENT);
        }
        // a message already answered was taken in completely: a redelivery costs one lookup, nothing more. What
        // answering needs from Redis is asked for at the same time, so a new message (the usual case) waits one
        // round trip for both; for a redelivery that work only finds and refreshes what is there.
        Future<Boolean> answered = dedupe.seen(replyScope(turn), turn.messageId());
        Supplier<Future<ChatAnswer>> answer = answer(turn);
        return answered.compose(seen -> seen
                ? Future.succeededFuture(ChatAnswer.SILENT)
                : answer.get()
                        .compose(reply -> !reply.hasText() || reply.claimed()
                                ? Future.succeededFuture(reply)
                                : dedupe.firstTime(replyScope(turn), turn.messageId(), replyDedupeTtl)
                                        .map(first -> first ? reply : ChatAnswer.SILENT)));
    }

    /** Starts the Redis reads the turn needs (session, blocked marker, platform limits); the result finishes it. */
    private Supplier<Future<ChatAnswer>> answer(ChatTurn turn) {
        ChatInput input = turn.input();
        if (input instanceof ChatInput.Rejected rejected) {
            // no session is looked up for input we cannot take: the platform's language says it
            return () ->
                    Future.succeededFuture(ChatAnswer.reply(rejected.reply().in(replies.in(turn.language()))));
        }
        if (input instanceof ChatInput.Unreachable) {
            return () -> blocked.markBlocked(turn.platform(), turn.address()).map(ChatAnswer.SILENT);
        }
        Future<UserSession> resolved = sessions.resolve(turn.platform(), turn.address(), turn.language());
        // independent of the session, so sent at the same time: the turn waits for the slowest, not for their sum
        Future<Void> unblocked = blocked.clear(turn.platform(), turn.address());
        // (a submission needs the platform's limits and flags)
        Future<PlatformConfig> config =
                input instanceof ChatInput.Command ? null : submissions.platformConfig(turn.platform());
        return () -> Future.all(resolved, unblocked).compose(both -> {
            UserSession session = resolved.result();
            reachableAgain.wroteAgain(session.sessionId());
            return act(turn, session, config);
        });
    }

    private Future<ChatAnswer> act(ChatTurn turn, UserSession session, Future<PlatformConfig> config) {
        ChatInput input = turn.input();
        if (input instanceof ChatInput.Problem problem) {
            return submit(turn, session, SubmissionType.PROBLEM, problem.text(), config);
        }
        if (input instanceof ChatInput.Code code) {
            return submit(turn, session, SubmissionType.DIRECT_CODE, code.code(), config);
        }
        if (input instanceof ChatInput.Retry retry) {
            return retry(turn, session, retry.jobName(), config);
        }
        ChatInput.Command command = (ChatInput.Command) input;
        return once(turn, () -> command(turn, session, command));
    }

    private Future<ChatAnswer> submit(
            ChatTurn turn, UserSession session, SubmissionType type, String content, Future<PlatformConfig> config) {
        Submission submission = Submission.of(
                        turn.platform(),
                        type,
                        content,
                        session.sessionId(),
                        session.languagePreference(),
                        turn.messageId())
                .withAudioDescription(session.screenReaderPreferred());
        // a redelivered message finds its job; the delivery whose claim on the reply succeeds answers. The claim is
        // made in the same atomic step as the history entry: a claimed reply always has its job recorded, and a new
        // message waits one round trip to Redis for both instead of two in a row
        Deduplicator.Marker reply = Deduplicator.marker(replyScope(turn), turn.messageId(), replyDedupeTtl);
        return submissions
                .submit(submission, config, Optional.of(reply))
                .map(submitted -> submitted.marked()
                        ? new ChatAnswer(
                                textsFor(session).accepted(),
                                submitted.job().getMetadata().getName(),
                                true)
                        : ChatAnswer.SILENT)
                .recover(failure -> asReply(session, failure));
    }

    private Future<ChatAnswer> asReply(UserSession session, Throwable failure) {
        if (failure instanceof InvalidSubmissionException invalid) {
            ChatTexts texts = textsFor(session);
            return Future.succeededFuture(ChatAnswer.reply(invalid.errors().stream()
                    .map(violation -> texts.say(violation.message()))
                    .collect(Collectors.joining(" "))));
        }
        if (failure instanceof RateLimitedException limited) {
            // said once per window: someone sending many messages gets one "slow down", not one per message
            Duration window = Duration.ofSeconds(Math.max(1, limited.retryAfterSeconds()));
            return dedupe.firstTime(RATE_LIMIT_REPLY_SCOPE, session.sessionId(), window)
                    .map(first -> first ? ChatAnswer.reply(textsFor(session).rateLimited(window)) : ChatAnswer.SILENT);
        }
        if (failure instanceof ApiProblem problem && problem.status() < 500 && problem.detail() != null) {
            return Future.succeededFuture(ChatAnswer.reply(textsFor(session).say(problem.detail())));
        }
        return Future.failedFuture(failure);
    }

    /** A failed job is submitted again with the same content, under the id of the message that asked. */
    private Future<ChatAnswer> retry(
            ChatTurn turn, UserSession session, String jobName, Future<PlatformConfig> config) {
        return jobs.getForSession(jobName, session.sessionId()).compose(job -> {
            if (job.isEmpty() || !RetryRule.canRetry(job.get())) {
                return Future.succeededFuture(ChatAnswer.reply(textsFor(session).retryUnavailable()));
            }
            VideoJobSpec spec = job.get().getSpec();
            String content =
                    spec.getSubmissionType() == SubmissionType.PROBLEM ? spec.getProblemText() : spec.getManimCode();
            return submit(turn, session, spec.getSubmissionType(), content, config)
                    .map(answer -> answer.jobName() == null
                            ? answer
                            : answer.saying(textsFor(session).retryStarted()));
        });
    }

    private static String replyScope(ChatTurn turn) {
        return "reply-" + turn.platform().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs a command once per message id, however often the platform delivers it. */
    private Future<ChatAnswer> once(ChatTurn turn, Supplier<Future<ChatAnswer>> action) {
        String scope = "chat-" + turn.platform().name().toLowerCase(java.util.Locale.ROOT);
        return dedupe.firstTime(scope, turn.messageId(), replyDedupeTtl)
                .compose(first -> !first
                        ? Future.succeededFuture(ChatAnswer.SILENT)
                        : action.get()
                                .recover(failure -> dedupe.forget(scope, turn.messageId())
                                        .transform(ignored -> Future.<ChatAnswer>failedFuture(failure))));
    }

    private Future<ChatAnswer> command(ChatTurn turn, UserSession session, ChatInput.Command command) {
        String argument = command.argument();
        ChatTexts texts = textsFor(session);
        return switch (command.command()) {
            case START -> Future.succeededFuture(ChatAnswer.reply(texts.welcome()));
            case HELP -> Future.succeededFuture(ChatAnswer.reply(texts.help()));
            case STATUS ->
                sessions.history(session.sessionId())
                        .map(history -> ChatAnswer.reply(
                                history.isEmpty() ? texts.noVideosYet() : texts.status(history.get(0))));
            case HISTORY ->
                sessions.history(session.sessionId())
                        .map(history -> ChatAnswer.reply(
                                history.isEmpty()
                                        ? texts.noVideosYet()
                                        : texts.history(history.subList(0, Math.min(HISTORY_LINES, history.size())))));
            case CANCEL -> cancel(session, texts);
            case LANGUAGE -> language(session, argument);
            case VOICE -> voice(session, argument);
            case LINK ->
                argument.isEmpty()
                        ? linkCodes
                                .create(session.sessionId())
                                .map(code -> ChatAnswer.reply(texts.linkCode(code.code(), linkCodes.ttl())))
                        : linkCodes
                                .redeem(argument, turn.platform(), turn.address())
                                .map(linked -> ChatAnswer.reply(
                                        linked.isPresent() ? texts.linked() : texts.linkCodeUnknown()));
        };
    }

    private Future<ChatAnswer> cancel(UserSession session, ChatTexts texts) {
        return sessions.history(session.sessionId()).compose(history -> {
            Optional<VideoMetadata> running = history.stream()
                    .filter(entry ->
                            entry.status() == Phase.QUEUED || entry.status().isActive())
                    .findFirst();
            if (running.isEmpty()) {
                return Future.succeededFuture(ChatAnswer.reply(texts.nothingToCancel()));
            }
            return jobs.delete(running.get().jobId())
                    .map(deleted ->
                            ChatAnswer.reply(texts.cancelled(running.get().problemPreview())));
        });
    }

    private Future<ChatAnswer> language(UserSession session, String tag) {
        ChatTexts texts = textsFor(session);
        if (tag.isEmpty()) {
            return Future.succeededFuture(ChatAnswer.reply(texts.currentLanguage(session.languagePreference())));
        }
        // the rule of VideoJobSpec.language, so every later submission passes it
        if (!LanguageTag.isValid(tag)) {
            return Future.succeededFuture(ChatAnswer.reply(texts.languageInvalid(tag)));
        }
        // said in the new language: the first reply that speaks it
        return sessions.setLanguage(session.sessionId(), tag)
                .map(v -> ChatAnswer.reply(this.replies.in(tag).languageSet(tag)));
    }

    /**
     * {@code /voice on|off}: audio description for the session's next videos. It is the session's screen-reader
     * preference, so it holds on every platform the session is linked to.
     */
    private Future<ChatAnswer> voice(UserSession session, String argument) {
        ChatTexts texts = textsFor(session);
        String word = argument.trim().toLowerCase(Locale.ROOT);
        if (!word.equals("on") && !word.equals("off")) {
            return Future.succeededFuture(ChatAnswer.reply(texts.voiceHow(session.screenReaderPreferred())));
        }
        boolean on = word.equals("on");
        return sessions.setAccessibility(session.sessionId(), session.accessibilityEnabled() || on, on)
                .map(v -> ChatAnswer.reply(texts.voiceSet(on)));
    }

    /** The replies in the session's language ({@code /language}, or the platform's when the session was made). */
    private ChatTexts textsFor(UserSession session) {
        return replies.in(session.languagePreference());
    }
}
