def test_the_owner_sees_her_own_profile(personas, as_user):
    response = as_user(personas.alice).get("/fr/p/alice-martin/")
    assert response.status_code == 200
    assert "Alice Martin" in response.content.decode()
