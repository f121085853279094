package io.manimvideo.ingress;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.api.texts.TextCatalog;
import io.manimvideo.ingress.jobs.JobQueries;
import io.manimvideo.ingress.jobs.KubernetesCalls;
import io.manimvideo.ingress.jobs.SubmissionService;
import io.manimvideo.ingress.jobs.VideoJobCreator;
import io.manimvideo.ingress.notify.DeliveryLinks;
import io.manimvideo.ingress.notify.ReachableAgain;
import io.manimvideo.ingress.notify.StoredTexts;
import io.manimvideo.ingress.ratelimit.PlatformConfigStore;
import io.manimvideo.ingress.ratelimit.RateLimiter;
import io.manimvideo.ingress.redis.Deduplicator;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.session.LinkCodes;
import io.manimvideo.ingress.session.SessionStore;
import io.minio.MinioClient;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;

/**
 * The shared collaborators of the ingress, built once from the configuration and handed to every part
 * (web API, Telegram, WhatsApp) through their constructors. {@code catalog}: every sentence a person reads;
 * {@code webhookRedis}: connections of their own for the webhooks' appends to their queues (see IngressMain).
 */
public record IngressServices(
        IngressConfig config,
        Vertx vertx,
        Clock clock,
        KubernetesClient kubernetes,
        KubernetesCalls kubernetesCalls,
        Redis redisClient,
        RedisCommands redis,
        RedisCommands webhookRedis,
        SessionStore sessions,
        PlatformConfigStore platformConfigs,
        RateLimiter rateLimiter,
        Deduplicator deduplicator,
        LinkCodes linkCodes,
        SubmissionService submissions,
        JobQueries jobs,
        DeliveryLinks deliveryLinks,
        StoredTexts storedTexts,
        ReachableAgain reachableAgain,
        TextCatalog catalog) {

    public static IngressServices create(
            IngressConfig config,
            Vertx vertx,
            Clock clock,
            KubernetesClient kubernetes,
            Redis redisClient,
            Redis webhookRedisClient,
            MinioClient storage) {
        KubernetesCalls calls = new KubernetesCalls(vertx);
        RedisCommands redis = new RedisCommands(redisClient, config.redisCommandTimeout(), config.redisReplicaAcks());
        SessionStore sessions =
                new SessionStore(redis, clock, config.redisLifetimes().session());
        PlatformConfigStore platformConfigs = new PlatformConfigStore(redis, config);
        RateLimiter rateLimiter = new RateLimiter(redis);
        String namespace = config.videoJobNamespace();
        return new IngressServices(
                config,
                vertx,
                clock,
                kubernetes,
                calls,
                redisClient,
                redis,
                new RedisCommands(webhookRedisClient, config.redisCommandTimeout(), config.redisReplicaAcks()),
                sessions,
                platformConfigs,
                rateLimiter,
                new Deduplicator(redis),
                new LinkCodes(redis, sessions, clock, config.redisLifetimes().linkCode()),
                new SubmissionService(
                        VideoJobCreator.create(vertx, kubernetes, namespace),
                        namespace,
                        platformConfigs,
                        rateLimiter,
                        sessions),
                new JobQueries(kubernetes, namespace, calls),
                new DeliveryLinks(storage, config.storageBucket(), config.deliveryUrlTtl()),
                new StoredTexts(vertx, storage, config.storageBucket()),
                new ReachableAgain(vertx),
                TextCatalog.load());
    }
}
