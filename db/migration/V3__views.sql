-- The public interface for operators: query these views, not the tables. Their listed columns
-- are a contract; later versions only add columns at the end.

CREATE VIEW v_certificates AS
SELECT c.certificate_id,
       c.account,
       c.domain,
       c.not_after,
       floor(extract(epoch FROM (c.not_after - now())) / 86400)::integer AS days_left,
       c.is_free,
       c.status,
       CASE
           WHEN c.gone_at IS NOT NULL THEN 'gone'
           WHEN latest.state IS NOT NULL THEN latest.state
           WHEN c.replaced_for IS NOT NULL THEN 'reissued'
           ELSE 'none'
       END AS renewal_state,
       coalesce(latest.new_certificate_id, c.replaced_for) AS reissued_to,
       c.alt_names,
       c.status_name,
       c.is_uploaded,
       c.package_type,
       c.encrypt_algorithm,
       c.not_before,
       c.replaced_by AS reissue_of,
       c.gone_at,
       c.last_synced_at
FROM certificate c
LEFT JOIN LATERAL (
    SELECT r.state, r.new_certificate_id
    FROM reissue r
    WHERE r.certificate_id = c.certificate_id
    ORDER BY r.id DESC
    LIMIT 1
) latest ON true;

CREATE VIEW v_reissues AS
SELECT r.id,
       r.certificate_id,
       r.account,
       r.state,
       r.csr_type,
       r.valid_type,
       r.key_algorithm,
       r.key_parameter,
       r.new_certificate_id,
       r.request_id,
       r.error_code,
       r.error_message,
       r.attempt,
       r.requested_at,
       r.finished_at,
       c.domain,
       r.is_free,
       r.lineage_id,
       r.retryable,
       r.next_attempt_at,
       r.sent_at,
       r.settled_by,
       r.note
FROM reissue r
JOIN certificate c ON c.certificate_id = r.certificate_id;
