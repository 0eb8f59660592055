"""Everything Qt: it renders what the core decides and forwards what the person does."""
