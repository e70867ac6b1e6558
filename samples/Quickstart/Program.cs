// Placeholder: replaced by the quickstart sample.
return 0;
