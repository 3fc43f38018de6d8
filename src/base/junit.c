/* base/junit.c: JUnit XML for `cdcgen test --format junit`. */
#include <stdio.h>
#include <string.h>

#include "cdcgen/base/junit.h"

/* Escapes s for an attribute value or element text. */
static void xml_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        case '\n':
        case '\t': fputc(c, out); break;
        default:
            if (c < 0x20 || c == 0x7f)
                fputs("\xef\xbf\xbd", out); /* U+FFFD: XML 1.0 cannot hold it */
            else
                fputc(c, out);
        }
    }
}

static void counts(const cdc_junit_case *c, size_t n, size_t *failures, size_t *errors)
{
    *failures = *errors = 0;
    for (size_t i = 0; i < n; i++) {
        *failures += c[i].outcome == CDC_JUNIT_FAILED;
        *errors += c[i].outcome == CDC_JUNIT_INVALID;
    }
}

void cdc_junit_write(FILE *out, const cdc_junit_case *cases, size_t n)
{
    size_t failures, errors;
    counts(cases, n, &failures, &errors);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out,
            "<testsuites name=\"cdcgen test\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", n,
            failures, errors);
    for (size_t i = 0; i < n;) {
        size_t end = i;
        while (end < n && strcmp(cases[end].file, cases[i].file) == 0)
            end++;
        counts(cases + i, end - i, &failures, &errors);
        fputs("  <testsuite name=\"", out);
        xml_text(out, cases[i].file);
        fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", end - i, failures,
                errors);
        for (; i < end; i++) {
            const cdc_junit_case *c = &cases[i];
            fputs("    <testcase classname=\"", out);
            xml_text(out, c->file);
            fputs("\" name=\"", out);
            if (c->name)
                xml_text(out, c->name);
            else
                fprintf(out, "(test at line %u)", c->line);
            fputs("\" file=\"", out);
            xml_text(out, c->file);
            fprintf(out, "\" line=\"%u\"", c->line);
            if (c->outcome == CDC_JUNIT_PASSED) {
                fputs("/>\n", out);
                continue;
            }
            const char *tag = c->outcome == CDC_JUNIT_FAILED ? "failure" : "error";
            fprintf(out, ">\n      <%s message=\"", tag);
            xml_text(out, c->message ? c->message : "");
            fprintf(out, "\" type=\"%s\">",
                    c->outcome == CDC_JUNIT_FAILED ? "test-failed" : "bad-test");
            if (c->details)
                xml_text(out, c->details);
            fprintf(out, "</%s>\n    </testcase>\n", tag);
        }
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
}
