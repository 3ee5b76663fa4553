package dev.modelkit.model;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The library's layering, checked on its compiled main classes: the core (the model package,
 * init, ops) knows nothing of training, files, memory reports, profiling or the command line,
 * which all build on it; ops knows nothing of the model at all; and no two packages depend on
 * each other in a cycle.
 */
@AnalyzeClasses(packages = "dev.modelkit.model", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String ROOT = "dev.modelkit.model";

    @ArchTest
    static final ArchRule theCoreDependsOnNoToolingPackage = noClasses()
            .that().resideInAnyPackage(ROOT, ROOT + ".nn..", ROOT + ".init..", ROOT + ".ops..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".train..", ROOT + ".checkpoint..",
                    ROOT + ".memory..", ROOT + ".profile..", ROOT + ".cli..");

    @ArchTest
    static final ArchRule opsAreArraysAndKernelsOnly = noClasses()
            .that().resideInAPackage(ROOT + ".ops..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".nn..", ROOT + ".init..");

    @ArchTest
    static final ArchRule nothingButTheCommandLineDependsOnIt = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".cli..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..");

    /** Every package of the library is a slice, the model package itself included. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String pkg = c.getPackageName();
            if (pkg.equals(ROOT)) {
                return SliceIdentifier.of("model");
            }
            if (pkg.startsWith(ROOT + ".")) {
                return SliceIdentifier.of(pkg.substring(ROOT.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of " + ROOT + " (the package itself as 'model')";
        }
    }).should().beFreeOfCycles();
}
