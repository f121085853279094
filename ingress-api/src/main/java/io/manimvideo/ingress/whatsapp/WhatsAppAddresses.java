package io.manimvideo.ingress.whatsapp;

/** WhatsApp ids ({@code wa_id}, digits only) and the data model's E.164 phone numbers ({@code +} and digits). */
public final class WhatsAppAddresses {
    private WhatsAppAddresses() {}

    public static String toE164(String waId) {
        return waId.startsWith("+") ? waId : "+" + waId;
    }

    /** The Cloud API's {@code to}: the number without {@code +}. */
    public static String toWaId(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }
}
