package io.manimvideo.localinfra.controlplane;

/**
 * The parts of the cluster that talk to the API server besides the admin, each with the user (and group) that
 * Kubernetes' bootstrap RBAC policy and the Node authorizer already grant exactly what that part needs.
 */
public enum Component {
    SCHEDULER("system:kube-scheduler", ""),
    PROXY("system:kube-proxy", ""),
    /** The kubelet of the one node, named {@link #NODE_NAME}: the Node authorizer limits it to its own pods. */
    KUBELET("system:node:" + Component.NODE_NAME, "system:nodes");

    public static final String NODE_NAME = "local-node";

    private final String user;
    private final String group;

    Component(String user, String group) {
        this.user = user;
        this.group = group;
    }

    String user() {
        return user;
    }

    String group() {
        return group;
    }
}
