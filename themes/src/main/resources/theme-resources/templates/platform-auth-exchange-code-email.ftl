<#--
  Keycloak Platform Auth: first step of the email exchange-code login (authenticator
  platform-auth-exchange-code). Asks for the email address the code is sent to.

  Ships as a theme resource, so it renders inside whatever login theme the realm uses: the markup
  follows keycloak.v2 (PatternFly 5) and falls back to the classic "keycloak" theme's structure,
  using only ${properties.kc*} classes and no macro file that exists in one theme only.
  Field errors: the authenticator reports them on the field "email".
  Optional attributes (the magic-link step sets them): emailTitleKey, emailSubmitKey, message keys
  of the page title and the button.
-->
<#import "template.ftl" as layout>
<#assign v2Markup = properties.kcFormGroupLabelClass??>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('email'); section>
<!-- template: platform-auth-exchange-code-email.ftl -->
    <#if section = "header">
        <#if emailTitleKey??>${msg(emailTitleKey)}<#else>${msg("platformAuthEmailTitle")}</#if>
    <#elseif section = "form">
        <div id="kc-form">
            <div id="kc-form-wrapper">
                <form id="kc-platform-auth-email-form" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;"
                      action="${url.loginAction}" method="post">
                    <#assign emailError = messagesPerField.getFirstError('email')>
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${(v2Markup)?then(properties.kcFormGroupLabelClass!, properties.kcLabelWrapperClass!)}">
                            <label for="email" class="${properties.kcLabelClass!}">${msg("platformAuthEmailLabel")}</label>
                        </div>
                        <#if v2Markup>
                            <span class="${properties.kcInputClass!} <#if emailError?has_content>${properties.kcError!}</#if>">
                                <input id="email" name="email" type="email" value="${(email!'')}" autocomplete="email" autofocus
                                       required aria-invalid="<#if emailError?has_content>true</#if>"/>
                            </span>
                        <#else>
                            <div class="${properties.kcInputWrapperClass!}">
                                <input id="email" name="email" type="email" value="${(email!'')}" autocomplete="email" autofocus
                                       required class="${properties.kcInputClass!}" aria-invalid="<#if emailError?has_content>true</#if>"/>
                            </div>
                        </#if>
                        <#if emailError?has_content>
                            <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                                <span id="input-error-email" class="${properties.kcInputErrorMessageClass!}">
                                    ${kcSanitize(emailError)?no_esc}
                                </span>
                            </div>
                        </#if>
                    </div>

                    <div class="${properties.kcFormGroupClass!}">
                        <div id="kc-form-buttons" class="${(v2Markup)?then(properties.kcFormActionGroupClass!, properties.kcFormButtonsClass!)}">
                            <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                                    name="login" id="kc-login" type="submit"><#if emailSubmitKey??>${msg(emailSubmitKey)}<#else>${msg("platformAuthEmailSubmit")}</#if></button>
                        </div>
                    </div>
                </form>
            </div>
        </div>
    </#if>
</@layout.registrationLayout>
