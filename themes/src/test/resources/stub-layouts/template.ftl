<#-- Test stand-in for a login theme's template.ftl: renders the sections our pages define. -->
<#macro registrationLayout displayMessage=true displayInfo=false displayRequiredFields=false>
<header><#nested "header"></header>
<#if displayMessage && message?has_content><div class="alert">${message.summary}</div></#if>
<main><#nested "form"></main>
<aside><#nested "info"></aside>
</#macro>
