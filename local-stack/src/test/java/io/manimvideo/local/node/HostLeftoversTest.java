package io.manimvideo.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which firewall chains a stopped node removes: the ones its parts make, whatever their names' case. */
class HostLeftoversTest {
    @Test
    void theChainsOfKubeProxyTheKubeletAndTheCniPluginsAreTheNodes() {
        // the bridge plugin's masquerade chain (left by a pod whose CNI DEL removed only the jump to it) and the
        // portmap plugin's: "CNI-" and a lower-case hex hash
        assertThat(HostLeftovers.isOurs("CNI-01949189ba8be01f3414ca9e")).isTrue();
        assertThat(HostLeftovers.isOurs("CNI-DN-01949189ba8be01f3414c")).isTrue();
        assertThat(HostLeftovers.isOurs("KUBE-SVC-ERIFXISQEP7F7OF4")).isTrue();
        assertThat(HostLeftovers.isOurs("KUBE-KUBELET-CANARY")).isTrue();
    }

    @Test
    void theHostsOwnChainsAreLeftAlone() {
        assertThat(HostLeftovers.isOurs("POSTROUTING")).isFalse();
        assertThat(HostLeftovers.isOurs("DOCKER")).isFalse();
        assertThat(HostLeftovers.isOurs("CNI-")).isFalse();
        assertThat(HostLeftovers.isOurs("MY-CNI-CHAIN")).isFalse();
    }
}
