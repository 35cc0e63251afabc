"""The Streamlit app: thin pages and widgets over the library. Only this package imports Streamlit."""
