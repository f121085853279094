package io.manimvideo.codegen;

/** The check command itself could not run or answered outside its contract (a broken image, not bad code). */
public final class CheckerException extends Exception {
    public CheckerException(String message) {
        super(message);
    }
}
