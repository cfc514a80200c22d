package dev.platformauth.rest.entitytoken;

import jakarta.persistence.Access;
import jakarta.persistence.AccessType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One per-entity authentication token (table {@code PA_ENTITY_TOKEN}, created by
 * {@code META-INF/platform-auth-entity-tokens-changelog.xml}). Only the SHA-256 of the secret is
 * stored (unique index); one token per realm, entity (organization id) and user (unique constraint).
 * Times are epoch milliseconds; a null expiry never expires.
 */
@Entity
@Table(name = "PA_ENTITY_TOKEN")
@Access(AccessType.FIELD)
@NamedQueries({
        @NamedQuery(name = "paEntityTokenByOwner", query = "select t from EntityTokenEntity t where t.realmId = :realmId and t.entityId = :entityId and t.userId = :userId"),
        @NamedQuery(name = "paEntityTokenByHash", query = "select t from EntityTokenEntity t where t.secretHash = :secretHash"),
        @NamedQuery(name = "paEntityTokensByEntity", query = "select t from EntityTokenEntity t where t.realmId = :realmId and t.entityId = :entityId order by t.createdAt"),
        @NamedQuery(name = "paEntityTokensByUser", query = "select t from EntityTokenEntity t where t.realmId = :realmId and t.userId = :userId order by t.createdAt"),
        @NamedQuery(name = "paEntityTokensByRealm", query = "select t from EntityTokenEntity t where t.realmId = :realmId order by t.createdAt"),
        @NamedQuery(name = "paEntityTokensOfEntity", query = "select t from EntityTokenEntity t where t.entityId = :entityId"),
        @NamedQuery(name = "paEntityTokensOfMember", query = "select t from EntityTokenEntity t where t.entityId = :entityId and t.userId = :userId"),
        @NamedQuery(name = "paDeleteEntityTokensByRealm", query = "delete from EntityTokenEntity t where t.realmId = :realmId"),
        @NamedQuery(name = "paDeleteEntityTokensByEntity", query = "delete from EntityTokenEntity t where t.entityId = :entityId"),
        @NamedQuery(name = "paDeleteEntityTokensByUser", query = "delete from EntityTokenEntity t where t.realmId = :realmId and t.userId = :userId"),
        @NamedQuery(name = "paDeleteEntityTokenByMember", query = "delete from EntityTokenEntity t where t.entityId = :entityId and t.userId = :userId"),
        @NamedQuery(name = "paTouchEntityToken", query = "update EntityTokenEntity t set t.lastUsedAt = :now where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :before)")
})
public class EntityTokenEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ENTITY_ID", length = 36, nullable = false)
    private String entityId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "SECRET_HASH", length = 64, nullable = false)
    private String secretHash;

    @Column(name = "PREFIX", length = 32, nullable = false)
    private String prefix;

    /** The flags as a JSON array of strings. */
    @Column(name = "FLAGS", length = 4000)
    private String flags;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getEntityId() {
        return entityId;
    }

    public void setEntityId(String entityId) {
        this.entityId = entityId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getSecretHash() {
        return secretHash;
    }

    public void setSecretHash(String secretHash) {
        this.secretHash = secretHash;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getFlags() {
        return flags;
    }

    public void setFlags(String flags) {
        this.flags = flags;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Long getLastUsedAt() {
        return lastUsedAt;
    }

    public void setLastUsedAt(Long lastUsedAt) {
        this.lastUsedAt = lastUsedAt;
    }
}
