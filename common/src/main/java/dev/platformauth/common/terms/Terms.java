package dev.platformauth.common.terms;

/**
 * The terms that apply to one user at one moment: the version to accept, where to read them and the
 * organization whose override (if any) produced them.
 *
 * @param version           the version the user must have accepted
 * @param url               an http(s) URL of the terms, or null
 * @param text              the terms text (plain text), or null
 * @param organizationId    the organization the terms are resolved for, or null
 * @param organizationAlias that organization's alias (the API's {@code corpId}), or null
 * @param organizationName  that organization's display name, or null
 */
public record Terms(String version, String url, String text, String organizationId, String organizationAlias,
                    String organizationName) {
}
