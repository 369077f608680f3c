package io.jasyncio.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.jasyncio.architecture.cycle.a.Ping;
import io.jasyncio.architecture.cycle.b.Pong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of docs/design.md ("Module layout", "The loop seam"), checked over the main classes of core and
 * testing (this module's class path); test classes are not imported.
 *
 * <pre>
 *   internal (the built-in loop) -> internal.net -> net -> io.jasyncio -> spi (the seam) -> the JDK
 *   sync -> io.jasyncio;  testing -> io.jasyncio;  each package may also use any package to the right of it
 * </pre>
 *
 * <p>A class belongs to the Maven module it was loaded from: {@code jasyncio-core/target/classes} in a reactor
 * build, {@code jasyncio-core-<version>.jar} otherwise.
 */
@AnalyzeClasses(packages = "io.jasyncio", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package of jasyncio is a slice of its own: {@code io.jasyncio} itself included, no exemption. */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String p = javaClass.getPackageName();
            return p.startsWith("io.jasyncio") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of jasyncio";
        }
    };

    /** No cycles between any two packages of jasyncio. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles();

    /**
     * The internal packages the API packages may use: leaves that depend on the JDK alone (checked below), so they
     * can close no cycle. {@code internal.buffer} holds the byte segments under {@code StreamReader},
     * {@code internal.iteration} the suspending iterator under {@code StreamReader.lines()} and the files' iterables.
     */
    private static final String[] INTERNAL_LEAVES = {"io.jasyncio.internal.buffer", "io.jasyncio.internal.iteration"};

    /**
     * The API packages never name the loop implementation: they reach the loop through the seam
     * ({@code io.jasyncio.spi}), and {@code EventLoop.open} finds the built-in loop with a service lookup. The only
     * internal packages they may use are the {@link #INTERNAL_LEAVES}.
     */
    @ArchTest
    static final ArchRule apiNamesNoImplementation = noClasses()
            .that()
            .resideInAnyPackage("io.jasyncio", "io.jasyncio.net", "io.jasyncio.process", "io.jasyncio.sync")
            .should()
            .dependOnClassesThat(resideInAnyPackage("io.jasyncio.internal..")
                    .and(DescribedPredicate.not(resideInAnyPackage(INTERNAL_LEAVES))));

    /**
     * The internal packages the API may use are leaves: the JDK and the nullness annotations only (and each other,
     * which the cycle rule keeps acyclic; today neither uses the other).
     */
    @ArchTest
    static final ArchRule internalLeavesDependOnTheJdkOnly = classes()
            .that()
            .resideInAnyPackage(INTERNAL_LEAVES)
            .should()
            .onlyDependOnClassesThat(
                    resideInAnyPackage("java..", "org.jspecify..").or(resideInAnyPackage(INTERNAL_LEAVES)));

    /** The seam sits below the API: it depends on the JDK (and the nullness annotations) only. */
    @ArchTest
    static final ArchRule seamDependsOnTheJdkOnly = classes()
            .that()
            .resideInAPackage("io.jasyncio.spi")
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage("java..", "org.jspecify..", "io.jasyncio.spi"));

    /**
     * {@code internal} packages are private to their Maven module: only classes of the same module may use them
     * (core's {@code io.jasyncio.internal..}).
     */
    @ArchTest
    static final ArchRule internalPackagesStayInTheirModule =
            classes().should(useInternalPackagesOfTheirOwnModuleOnly());

    /** Core depends on the JDK and the JSpecify annotations only. */
    @ArchTest
    static final ArchRule coreDependsOnTheJdkOnly = classes()
            .that(areInModule("core"))
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage("java..", "javax..", "jdk..", "org.jspecify..")
                    .or(areInModule("core")));

    /** Positive control: the cycle rule rejects a real package cycle (two fixture packages that call each other). */
    @Test
    void theCycleRuleRejectsAPackageCycle() {
        var fixture = new ClassFileImporter().importClasses(Ping.class, Pong.class);
        assertThat(noPackageCycles.evaluate(fixture).hasViolation()).isTrue();
    }

    /** {@code .../jasyncio-core/target/classes/...} or {@code .../jasyncio-core-0.1.0.jar!...}. */
    private static final Pattern MODULE_LOCATION =
            Pattern.compile("/jasyncio-([a-z]+)(?:/target/classes/|-[0-9][^/]*\\.jar)");

    private static final Pattern INTERNAL_PACKAGE = Pattern.compile("(^|.*\\.)internal(\\..*)?");

    /**
     * The Maven module a class (or, for an array type, its component type) was loaded from ({@code core},
     * {@code testing}...), or "" if unknown.
     */
    static String moduleOf(JavaClass javaClass) {
        String module = "";
        var location = javaClass
                .getBaseComponentType()
                .getSource()
                .map(source -> source.getUri().toString());
        if (location.isPresent()) {
            var matcher = MODULE_LOCATION.matcher(location.get());
            while (matcher.find()) {
                module = matcher.group(1);
            }
        }
        return module;
    }

    private static DescribedPredicate<JavaClass> areInModule(String module) {
        return DescribedPredicate.describe(
                "are in module jasyncio-" + module, c -> moduleOf(c).equals(module));
    }

    private static ArchCondition<JavaClass> useInternalPackagesOfTheirOwnModuleOnly() {
        return new ArchCondition<>("use internal packages of their own module only") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (var dependency : origin.getDirectDependenciesFromSelf()) {
                    var target = dependency.getTargetClass();
                    if (INTERNAL_PACKAGE.matcher(target.getPackageName()).matches()
                            && !moduleOf(target).equals(moduleOf(origin))) {
                        events.add(SimpleConditionEvent.violated(
                                dependency,
                                dependency.getDescription() + " (jasyncio-" + moduleOf(origin) + " uses an internal"
                                        + " package of jasyncio-" + moduleOf(target) + ")"));
                    }
                }
            }
        };
    }
}
