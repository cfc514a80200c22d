package dev.platformauth.bundle;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line of every {@code META-INF/services} file in the built bundle jar names a provider that
 * Keycloak's {@link java.util.ServiceLoader} can load from it: a class in the jar, public, with a public
 * no-argument constructor, of the service's type. A wrong line would otherwise only fail at Keycloak's
 * boot. Runs after the jar is shaded (phase {@code package}), on the jar itself.
 */
class ServicesCheck {

    private static final String SERVICES = "META-INF/services/";

    @Test
    @DisplayName("given the shaded bundle jar when its service files are read then every provider line loads as a provider")
    void everyServiceLineIsALoadableProvider() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar"));
        assertThat(jar).as("the shaded bundle jar").exists();
        List<String> problems = new ArrayList<>();
        int providers = 0;
        try (JarFile file = new JarFile(jar.toFile());
             URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith(SERVICES) || entry.isDirectory()) {
                    continue;
                }
                if (name.length() == SERVICES.length()) {
                    continue;
                }
                Class<?> service = loader.loadClass(name.substring(SERVICES.length()));
                for (String line : lines(file, entry)) {
                    providers++;
                    String problem = problem(file, loader, service, line);
                    if (problem != null) {
                        problems.add(name + ": " + line + ": " + problem);
                    }
                }
            }
        }
        assertThat(providers).as("provider lines in the jar").isPositive();
        assertThat(problems).as("service lines that would fail at Keycloak's boot").isEmpty();
    }

    private static String problem(JarFile file, ClassLoader loader, Class<?> service, String className) {
        if (file.getEntry(className.replace('.', '/') + ".class") == null) {
            return "no such class in the jar";
        }
        Class<?> provider;
        try {
            provider = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "does not load: " + e;
        }
        if (provider.getClassLoader() != loader) {
            return "loaded from " + provider.getProtectionDomain().getCodeSource().getLocation() + ", not from the jar";
        }
        if (!service.isAssignableFrom(provider)) {
            return "not a " + service.getName();
        }
        if (!Modifier.isPublic(provider.getModifiers()) || Modifier.isAbstract(provider.getModifiers())) {
            return "not a public concrete class";
        }
        try {
            provider.getConstructor();
        } catch (NoSuchMethodException e) {
            return "no public no-argument constructor";
        }
        return null;
    }

    private static List<String> lines(JarFile file, JarEntry entry) throws IOException {
        try (InputStream in = file.getInputStream(entry)) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int comment = line.indexOf('#');
                String name = (comment < 0 ? line : line.substring(0, comment)).trim();
                if (!name.isEmpty()) {
                    lines.add(name);
                }
            }
            return lines;
        }
    }
}
