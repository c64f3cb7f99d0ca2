"""Resident ID numbers are stored encrypted with a keyed digest beside them (#8)."""

import io
import re

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import connection

from portal.accounts import crypto
from tests import factories as f
from veterans.models import VeteranProfile

pytestmark = pytest.mark.django_db
EIGHTEEN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")


def rows_as_text() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM veterans_veteranprofile t")
        return [row[0] for row in cursor.fetchall()]


def test_a_direct_select_finds_no_resident_id_in_clear(veteran, other_veteran):
    text = "\n".join(rows_as_text())
    assert veteran.resident_id not in text
    assert other_veteran.resident_id not in text
    assert not EIGHTEEN.search(text)


def test_the_model_reads_the_number_back(veteran):
    assert VeteranProfile.objects.get(pk=veteran.pk).resident_id == veteran.resident_id


def test_the_same_number_encrypts_differently_each_time():
    first = crypto.encrypt("110105199001011234", purpose="test")
    assert first != crypto.encrypt("110105199001011234", purpose="test")
    assert crypto.decrypt(first, purpose="test") == "110105199001011234"


def test_a_token_does_not_decrypt_for_another_purpose():
    token = crypto.encrypt("110105199001011234", purpose="veterans.resident_id")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, purpose="something else")


def test_an_altered_token_is_refused():
    token = crypto.encrypt("110105199001011234", purpose="p")
    body = token.rsplit("$", 1)[1]
    altered = token[: -len(body)] + ("A" if body[0] != "A" else "B") + body[1:]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(altered, purpose="p")


def test_a_profile_is_found_by_its_number_through_the_digest(veteran):
    assert VeteranProfile.objects.get(resident_id=veteran.resident_id) == veteran
    assert veteran.resident_id_hash == crypto.digest(veteran.resident_id)


def test_other_lookups_on_the_encrypted_column_are_refused(veteran):
    with pytest.raises(FieldError):
        VeteranProfile.objects.filter(resident_id__startswith="110").exists()


def test_a_second_profile_with_the_same_number_is_refused_on_the_field(veteran):
    twin = f.VeteranProfileFactory.build(resident_id=veteran.resident_id, user=f.UserFactory())
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "resident_id" in refused.value.message_dict


def test_the_digest_does_not_depend_on_the_encryption_key(veteran, settings):
    settings.PERSONAL_DATA_KEYS = ["a-new-key", *settings.PERSONAL_DATA_KEYS]
    assert crypto.digest(veteran.resident_id) == veteran.resident_id_hash


def test_after_a_key_rotation_old_rows_still_read_and_new_ones_use_the_new_key(veteran, settings):
    settings.PERSONAL_DATA_KEYS = ["a-new-key", *settings.PERSONAL_DATA_KEYS]
    profile = VeteranProfile.objects.get(pk=veteran.pk)
    assert profile.resident_id == veteran.resident_id
    profile.save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT resident_id FROM veterans_veteranprofile WHERE id = %s", [veteran.pk]
        )
        assert crypto.is_current(cursor.fetchone()[0])


def test_the_keys_are_derived_not_the_secret_key(settings):
    token = crypto.encrypt("110105199001011234", purpose="p")
    settings.PERSONAL_DATA_KEYS = [settings.SECRET_KEY]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, purpose="p")


def test_reencrypt_command_moves_rows_to_the_newest_key(veteran, other_veteran, settings):
    from django.core.management import call_command

    settings.PERSONAL_DATA_KEYS = ["a-new-key", *settings.PERSONAL_DATA_KEYS]
    call_command("reencrypt_resident_ids")
    with connection.cursor() as cursor:
        cursor.execute("SELECT resident_id FROM veterans_veteranprofile")
        assert all(crypto.is_current(row[0]) for row in cursor.fetchall())
    assert VeteranProfile.objects.get(pk=veteran.pk).resident_id == veteran.resident_id


def test_rehash_moves_every_digest_to_a_new_hash_key(veteran, other_veteran, settings):
    from django.core.management import call_command

    settings.PERSONAL_DATA_HASH_KEY = "a-new-hash-key"
    assert not VeteranProfile.objects.filter(resident_id=veteran.resident_id).exists()

    first, second = io.StringIO(), io.StringIO()
    call_command("reencrypt_resident_ids", "--rehash", stdout=first)
    call_command("reencrypt_resident_ids", "--rehash", stdout=second)

    assert "2 digest(s) recomputed" in first.getvalue()
    assert "0 resident ID number(s) re-encrypted, 0 digest(s)" in second.getvalue()

    found = VeteranProfile.objects.get(resident_id=veteran.resident_id)
    assert found.pk == veteran.pk
    assert VeteranProfile.objects.get(resident_id=other_veteran.resident_id).pk == other_veteran.pk
