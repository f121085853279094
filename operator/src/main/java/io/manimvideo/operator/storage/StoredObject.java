package io.manimvideo.operator.storage;

/**
 * What the storage says of one object: its size and its ETag (for a single PUT to S3, R2 or S3Proxy the hex MD5 of
 * its bytes), without the quotes the HTTP header has.
 */
public record StoredObject(long sizeBytes, String etag) {

    /** The ETag as the header carries it ({@code "abc"}) or bare, bare; null stays null. */
    public static String unquoted(String etag) {
        if (etag == null) {
            return null;
        }
        String bare = etag.strip();
        return bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")
                ? bare.substring(1, bare.length() - 1)
                : bare;
    }
}
