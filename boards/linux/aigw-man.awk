# SPDX-License-Identifier: MIT
# The aigw manual page with its FIELDS list written from the generated model
# (the members of aigw_params_t in include/aigw/aigw_model.h, in the schema
# table's order), so a member added by regenerating is listed with no edit:
#   awk -f boards/linux/aigw-man.awk include/aigw/aigw_model.h boards/linux/aigw.1 >build/aigw.1
# (make aigw; make install installs the result). The lines between the
# BEGIN FIELDS and END FIELDS comments of the source page are replaced.
FNR == NR {
    if (index($0, "typedef struct aigw_params {") == 1) { inp = 1; next }
    if (index($0, "} aigw_params_t;") == 1) { inp = 0; next }
    if (inp && $0 ~ /^ +[a-z_]+ [A-Za-z0-9_]+;/) {
        name = $2
        sub(/;.*/, "", name)
        if (name != "extra") f[n++] = name
    }
    next
}
index($0, ".\\\" BEGIN FIELDS") == 1 {
    print
    for (i = 0; i < n; i++) print (i == n - 1 ? "and\n.BR " f[i] " ." : ".BR " f[i] " ,")
    skip = 1
    found++
    next
}
index($0, ".\\\" END FIELDS") == 1 { skip = 0; found++ }
!skip { print }
END { if (n == 0 || found != 2) { print "aigw-man.awk: no aigw_params_t members or no FIELDS markers" > "/dev/stderr"; exit 1 } }
