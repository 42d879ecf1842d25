"""Evidence packages for forces, and intelligence for the National Intelligence Model."""
