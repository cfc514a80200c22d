<#ftl output_format="plainText">
<#--
  Keycloak Platform Auth: the email carrying a password-reset link (text part).
  Attributes: link (string, carries the single-use reset token), ttlMinutes (number),
  username (string); Keycloak adds realmName, user, locale, msg.
  The link stands alone on a line of its own, so that people and test harnesses can pick it out.
-->
${msg("platformAuthPasswordResetBodyIntro", realmName, username)}

${link}

${msg("platformAuthPasswordResetBodyExpiry", ttlMinutes)}
${msg("platformAuthPasswordResetBodyIgnore")}
