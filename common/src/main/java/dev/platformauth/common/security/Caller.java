package dev.platformauth.common.security;

import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * An authenticated caller of the APIs: a verified access token with its user, user session (a transient
 * one for client-credentials tokens: never stored, without notes) and the client it was issued to.
 */
public record Caller(AccessToken token, UserModel user, UserSessionModel userSession, ClientModel client) {
}
