package dev.platformauth.common.terms;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * One row of the append-only terms-acceptance log (table {@code PA_TERMS_ACCEPTANCE}, created by
 * {@code META-INF/platform-auth-terms-changelog.xml}). Every column is {@code updatable = false}: rows
 * are inserted, read, and deleted only with their realm.
 */
@Entity
@Table(name = "PA_TERMS_ACCEPTANCE", indexes = {
        @Index(name = "PA_TERMS_ACC_REALM_USER", columnList = "REALM_ID, USER_ID"),
        @Index(name = "PA_TERMS_ACC_REALM_TIME", columnList = "REALM_ID, ACCEPTED_AT")
})
public class TermsAcceptanceEntity {

    @Id
    @Column(name = "ID", length = 36, updatable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false, updatable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false, updatable = false)
    private String userId;

    @Column(name = "VERSION", length = 255, nullable = false, updatable = false)
    private String version;

    /** Epoch milliseconds. */
    @Column(name = "ACCEPTED_AT", nullable = false, updatable = false)
    private long acceptedAt;

    @Column(name = "CLIENT_ID", length = 255, updatable = false)
    private String clientId;

    @Column(name = "IP_ADDRESS", length = 255, updatable = false)
    private String ipAddress;

    @Column(name = "USER_AGENT", length = 512, updatable = false)
    private String userAgent;

    @Column(name = "ORGANIZATION_ID", length = 36, updatable = false)
    private String organizationId;

    /** The organization's alias when the row was written (the sentinel API's {@code corpId}). */
    @Column(name = "CORP_ID", length = 255, updatable = false)
    private String corpId;

    /** {@code login} (the required action) or {@code api} (the REST endpoints). */
    @Column(name = "SOURCE", length = 16, nullable = false, updatable = false)
    private String source;

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

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public long getAcceptedAt() {
        return acceptedAt;
    }

    public void setAcceptedAt(long acceptedAt) {
        this.acceptedAt = acceptedAt;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getIpAddress() {
        return ipAddress;
    }

    public void setIpAddress(String ipAddress) {
        this.ipAddress = ipAddress;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(String userAgent) {
        this.userAgent = userAgent;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public void setOrganizationId(String organizationId) {
        this.organizationId = organizationId;
    }

    public String getCorpId() {
        return corpId;
    }

    public void setCorpId(String corpId) {
        this.corpId = corpId;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }
}
