<#ftl output_format="plainText">
<#--
  Keycloak Platform Auth: the email carrying a magic sign-in link (text part).
  Attributes: link (string), ttlMinutes (number); Keycloak adds realmName, user, locale, msg.
  The link stands alone on a line of its own.
-->
${msg("platformAuthMagicLinkBodyIntro", realmName)}

${link}

${msg("platformAuthMagicLinkBodyExpiry", ttlMinutes)}
${msg("platformAuthMagicLinkBodyIgnore")}
