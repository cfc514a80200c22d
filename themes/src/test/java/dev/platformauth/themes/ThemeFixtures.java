package dev.platformauth.themes;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.Template;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Loads our theme resources from the classpath and renders them the way Keycloak does:
 * FreeMarker 2.3.32 with HTML output format for *.ftl, and a {@code msg} method that formats
 * bundle values with {@link MessageFormat}. Keycloak's layout templates are replaced by stubs
 * from {@code src/test/resources/stub-layouts}.
 */
final class ThemeFixtures {

    static final String RESOURCES = "/theme-resources/";
    static final List<String> LANGUAGES = List.of("en", "de", "fr", "es");

    private ThemeFixtures() {
    }

    static Properties messages(String language) {
        Properties properties = new Properties();
        try (InputStream in = ThemeFixtures.class.getResourceAsStream(RESOURCES + "messages/messages_" + language + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("no message bundle for " + language);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static byte[] rawBytes(String classpathResource) {
        try (InputStream in = ThemeFixtures.class.getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + classpathResource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String classpathResource) {
        return new String(rawBytes(classpathResource), StandardCharsets.UTF_8);
    }

    /** Every .ftl under theme-resources/templates, as classpath paths. */
    static List<String> templates() {
        URL root = ThemeFixtures.class.getResource(RESOURCES + "templates");
        try {
            Path dir = Paths.get(root.toURI());
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(p -> p.toString().endsWith(".ftl"))
                        .map(p -> RESOURCES + "templates/" + dir.relativize(p).toString().replace('\\', '/'))
                        .sorted()
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String render(String templateName, String language, Map<String, Object> attributes) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
        if (templateName.endsWith(".ftl")) {
            cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        }
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
                new ClassTemplateLoader(ThemeFixtures.class, "/theme-resources/templates"),
                new ClassTemplateLoader(ThemeFixtures.class, "/stub-layouts")
        }));
        Map<String, Object> model = new HashMap<>(attributes);
        model.put("msg", new Msg(messages(language), Locale.forLanguageTag(language)));
        model.put("locale", Map.of("language", language));
        try {
            Template template = cfg.getTemplate(templateName, "UTF-8");
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("rendering " + templateName + " failed", e);
        }
    }

    /** Same contract as Keycloak's MessageFormatterMethod. */
    private static final class Msg implements TemplateMethodModelEx {
        private final Properties messages;
        private final Locale locale;

        Msg(Properties messages, Locale locale) {
            this.messages = messages;
            this.locale = locale;
        }

        @Override
        public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
            String key = arguments.get(0).toString();
            List<Object> parameters = new ArrayList<>();
            for (Object argument : arguments.subList(1, arguments.size())) {
                if (argument instanceof SimpleScalar scalar) {
                    parameters.add(scalar.getAsString());
                } else if (argument instanceof SimpleNumber number) {
                    parameters.add(number.getAsNumber());
                } else {
                    parameters.add(argument);
                }
            }
            return new MessageFormat(messages.getProperty(key, key), locale).format(parameters.toArray());
        }
    }
}
