"""Human pages: organiser console, participant pages, display screens."""
