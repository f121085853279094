package io.manimvideo.codegen;

/** A provider gave no usable answer. The message is safe to log: no key, no request or response body. */
public final class ProviderException extends Exception {
    public ProviderException(String message) {
        super(message);
    }
}
