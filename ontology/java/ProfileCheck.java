// Checks an ontology against the OWL 2 DL profile with the OWL API that owlready2 ships.
// Usage: java -cp <owlapi jar>:<dir> ProfileCheck FILE.ttl
// Prints one violation a line: "<violation kind>\t<axiom or entity>"; exit 0 either way, 2 on a
// load failure. Imports are never followed (the caller removes owl:imports first; missing
// imports are ignored silently as a second guard).
import java.io.File;
import java.util.List;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(new File(args[0])), config);
        } catch (Exception e) {
            System.err.println("cannot load: " + e.getMessage());
            System.exit(2);
            return;
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        List<OWLProfileViolation> violations = report.getViolations();
        for (OWLProfileViolation v : violations) {
            String axiom = v.getAxiom() == null ? "" : v.getAxiom().toString();
            System.out.println(v.getClass().getSimpleName() + "\t" + axiom.replace('\n', ' ').replace('\t', ' '));
        }
    }
}
