package dev.platformauth.common.terms;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * The append-only terms-acceptance log in Keycloak's database, in the request's transaction. There
 * is no update and no delete of single rows; a realm's rows go with the realm.
 */
public final class TermsLog {

    private final EntityManager em;

    private TermsLog(EntityManager em) {
        this.em = em;
    }

    public static TermsLog of(KeycloakSession session) {
        return new TermsLog(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /** What one acceptance records; the log adds the id and keeps the rest as given (cut to the column sizes). */
    record NewEntry(String realmId, String userId, String version, long acceptedAt, String clientId,
                           String ipAddress, String userAgent, String organizationId, String corpId, String source) {
    }

    /** Appends one row and returns it. */
    TermsLogEntry append(NewEntry entry) {
        TermsAcceptanceEntity row = new TermsAcceptanceEntity();
        row.setId(KeycloakModelUtils.generateId());
        row.setRealmId(entry.realmId());
        row.setUserId(entry.userId());
        row.setVersion(cut(entry.version(), 255));
        row.setAcceptedAt(entry.acceptedAt());
        row.setClientId(cut(entry.clientId(), 255));
        row.setIpAddress(cut(entry.ipAddress(), 255));
        row.setUserAgent(cut(entry.userAgent(), 512));
        row.setOrganizationId(entry.organizationId());
        row.setCorpId(cut(entry.corpId(), 255));
        row.setSource(entry.source());
        em.persist(row);
        em.flush();
        return TermsLogEntry.of(row);
    }

    /** Rows of {@code realmId} matching {@code query}, newest first, from {@code first}, at most {@code max}. */
    public List<TermsLogEntry> find(String realmId, TermsLogQuery query, int first, int max) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<TermsAcceptanceEntity> cq = cb.createQuery(TermsAcceptanceEntity.class);
        Root<TermsAcceptanceEntity> row = cq.from(TermsAcceptanceEntity.class);
        cq.where(predicates(cb, row, realmId, query)).orderBy(cb.desc(row.get("acceptedAt")), cb.asc(row.get("id")));
        TypedQuery<TermsAcceptanceEntity> typed = em.createQuery(cq).setFirstResult(first).setMaxResults(max);
        return typed.getResultStream().map(TermsLogEntry::of).toList();
    }

    /** How many rows of {@code realmId} match {@code query}. */
    public long count(String realmId, TermsLogQuery query) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> cq = cb.createQuery(Long.class);
        Root<TermsAcceptanceEntity> row = cq.from(TermsAcceptanceEntity.class);
        cq.select(cb.count(row)).where(predicates(cb, row, realmId, query));
        return em.createQuery(cq).getSingleResult();
    }

    /** Removes every row of a realm that is being deleted. */
    int deleteRealm(String realmId) {
        return em.createQuery("delete from TermsAcceptanceEntity t where t.realmId = :realmId")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }

    private static Predicate[] predicates(CriteriaBuilder cb, Root<TermsAcceptanceEntity> row, String realmId,
                                          TermsLogQuery query) {
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(row.get("realmId"), realmId));
        if (query.userId() != null) {
            where.add(cb.equal(row.get("userId"), query.userId()));
        }
        if (query.version() != null) {
            where.add(cb.equal(row.get("version"), query.version()));
        }
        if (query.organization() != null) {
            where.add(cb.or(cb.equal(row.get("organizationId"), query.organization()),
                    cb.equal(row.get("corpId"), query.organization())));
        }
        if (query.fromMillis() != null) {
            where.add(cb.greaterThanOrEqualTo(row.get("acceptedAt"), query.fromMillis()));
        }
        if (query.toMillis() != null) {
            where.add(cb.lessThan(row.get("acceptedAt"), query.toMillis()));
        }
        return where.toArray(Predicate[]::new);
    }

    static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
