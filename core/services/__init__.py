"""Business rules of the core. Plain async functions taking the acting principal first;
each write is one transaction together with the events it fires."""
