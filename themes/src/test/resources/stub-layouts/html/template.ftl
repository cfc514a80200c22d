<#-- Test stand-in for the email theme's html/template.ftl (same shape as Keycloak's base theme). -->
<#macro emailLayout>
<html lang="${locale.language}">
<body>
    <#nested>
</body>
</html>
</#macro>
