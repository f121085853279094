package io.manimvideo.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ContractLoaderTest {
    @Test
    void mergesAllFiveContractsIntoOneValidDocument() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            OpenAPIContract contract = ContractLoader.load(vertx).await(30, TimeUnit.SECONDS);
            assertThat(contract.operations())
                    .extracting(o -> o.getOperationId())
                    .contains(
                            "submitJob",
                            "jobEvents",
                            "telegramWebhook",
                            "whatsappVerify",
                            "whatsappWebhook",
                            "submitCode",
                            "accessVideo",
                            "markDelivered",
                            "readyz");
        } finally {
            vertx.close();
        }
    }
}
