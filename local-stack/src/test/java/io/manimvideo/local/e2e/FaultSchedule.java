package io.manimvideo.local.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The seeded plan of a fault run: when each message is sent (and on which platform, as code or a problem) and when
 * each fault strikes, all at random moments of one window, so that faults meet jobs in every phase of their life.
 * The same seed gives the same plan ({@code -Dfaults.seed=<seed>} replays a run).
 */
record FaultSchedule(long seed, List<PlannedMessage> messages, List<PlannedFault> faults) {

    enum Channel {
        TELEGRAM,
        WHATSAPP,
        WEB
    }

    enum Content {
        CODE,
        PROBLEM
    }

    record PlannedMessage(int index, Duration at, Channel channel, Content content) {}

    record PlannedFault(Duration at, FaultKind kind) {}

    /**
     * @param firstIndex the first message's index (a run's messages must not share ids or chats with an earlier run's
     *     on the same stack: a chat platform's redelivery is recognised by its id)
     * @param jobs how many messages are sent, over the first four fifths of the window
     * @param kinds the faults, each struck {@code rounds} times at a random moment of the window
     */
    static FaultSchedule plan(long seed, int firstIndex, int jobs, List<FaultKind> kinds, int rounds, Duration window) {
        var random = new Random(seed);
        List<PlannedMessage> messages = new ArrayList<>();
        long sendWindow = window.toMillis() * 4 / 5;
        for (int i = 0; i < jobs; i++) {
            messages.add(new PlannedMessage(
                    firstIndex + i,
                    Duration.ofMillis((long) (random.nextDouble() * sendWindow)),
                    Channel.values()[i % Channel.values().length],
                    random.nextInt(3) == 0 ? Content.PROBLEM : Content.CODE));
        }
        messages.sort(Comparator.comparing(PlannedMessage::at));
        List<PlannedFault> faults = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (FaultKind kind : kinds) {
                faults.add(new PlannedFault(Duration.ofMillis((long) (random.nextDouble() * window.toMillis())), kind));
            }
        }
        faults.sort(Comparator.comparing(PlannedFault::at));
        return new FaultSchedule(seed, List.copyOf(messages), List.copyOf(faults));
    }
}
