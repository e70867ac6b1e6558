// Placeholder: the stir-identity command line (issue: CLI and interop).
return 2;
