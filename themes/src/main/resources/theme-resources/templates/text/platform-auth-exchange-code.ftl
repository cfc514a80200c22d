<#ftl output_format="plainText">
<#--
  Keycloak Platform Auth: the email carrying a sign-in exchange code (text part).
  Attributes: code (string), ttlMinutes (number); Keycloak adds realmName, user, locale, msg.
  Contract (docs/exchange-codes.md): the code stands alone on a line of its own, nothing else on it,
  so that people and test harnesses can pick it out.
-->
${msg("platformAuthExchangeCodeBodyIntro", realmName)}

${code}

${msg("platformAuthExchangeCodeBodyExpiry", ttlMinutes)}
${msg("platformAuthExchangeCodeBodyIgnore")}
