// Placeholder: a UDP SIP endpoint that verifies INVITEs (issue: CLI and interop).
return 0;
