package io.jasyncio.examples;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Pattern;

/**
 * The layering rules of docs/design.md, checked over the main classes of every library module on
 * this module's class path (core, http, testing, examples).
 *
 * <p>A class belongs to the Maven module it was loaded from: {@code jasyncio-core/target/classes}
 * in a reactor build, {@code jasyncio-core-<version>.jar} otherwise. Rules hold with
 * {@code allowEmptyShould(true)} so they already guard packages that do not exist yet.
 */
@AnalyzeClasses(packages = "io.jasyncio", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * No cycles between the packages below {@code io.jasyncio}. The facade package
     * {@code io.jasyncio} itself is not a slice: by DESIGN.md the loop hands out transports and
     * subprocesses ({@code createConnection}, {@code subprocessExec}) while those packages run on
     * the loop, so the facade and its concept packages legitimately know each other.
     */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.jasyncio.(**)").should().beFreeOfCycles().allowEmptyShould(true);

    /**
     * {@code internal} packages are private to their Maven module: only classes of the same module
     * may use them (core's {@code io.jasyncio.internal..}, http's {@code io.jasyncio.http.internal..}).
     */
    @ArchTest
    static final ArchRule internalPackagesStayInTheirModule =
            classes().should(useInternalPackagesOfTheirOwnModuleOnly()).allowEmptyShould(true);

    /** Core depends on the JDK and the JSpecify annotations only. */
    @ArchTest
    static final ArchRule coreDependsOnTheJdkOnly = classes()
            .that(areInModule("core"))
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage("java..", "javax..", "jdk..", "org.jspecify..")
                    .or(areInModule("core")))
            .allowEmptyShould(true);

    /** {@code .../jasyncio-core/target/classes/...} or {@code .../jasyncio-core-0.1.0.jar!...}. */
    private static final Pattern MODULE_LOCATION =
            Pattern.compile("/jasyncio-([a-z]+)(?:/target/classes/|-[0-9][^/]*\\.jar)");

    private static final Pattern INTERNAL_PACKAGE = Pattern.compile("(^|.*\\.)internal(\\..*)?");

    /**
     * The Maven module a class (or, for an array type, its component type) was loaded from ({@code core},
     * {@code http}...), or "" if unknown.
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
