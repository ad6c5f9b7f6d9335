/* Read one iCalendar object on stdin; exit 0 when libical parses it and its iTIP
 * restriction check (RFC 5546 per METHOD) passes, else print the errors and exit 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libical/ical.h>

static void report(icalcomponent *comp, int *errors) {
    icalproperty *prop;
    icalcomponent *child;
    for (prop = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY); prop;
         prop = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
        printf("%s: %s\n", icalcomponent_kind_to_string(icalcomponent_isa(comp)),
               icalproperty_get_xlicerror(prop));
        (*errors)++;
    }
    for (child = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT); child;
         child = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT)) {
        report(child, errors);
    }
}

int main(void) {
    size_t size = 0, used = 0;
    char *data = NULL;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        if (used + got + 1 > size) {
            size = (used + got + 1) * 2;
            data = realloc(data, size);
        }
        memcpy(data + used, chunk, got);
        used += got;
    }
    if (data == NULL) { puts("empty input"); return 1; }
    data[used] = '\0';
    icalcomponent *comp = icalparser_parse_string(data);
    if (comp == NULL) { puts("libical could not parse the object"); return 1; }
    int errors = 0;
    report(comp, &errors);  /* parse errors first */
    int ok = icalrestriction_check(comp);
    report(comp, &errors);  /* the check adds X-LIC-ERROR properties */
    icalcomponent_free(comp);
    free(data);
    if (!ok || errors) { printf("restriction check failed (%d errors)\n", errors); return 1; }
    puts("ok");
    return 0;
}
